// Reads shared by the staff and portal routes: applications with their jobs, and the two directions
// of matching turned into the shapes the pages show (ranked in SQL, explained here).
import type { DbOrTx } from '../../db/index.js';
import { maskName } from '../../platform/mask.js';
import type { PagingQuery } from '../../platform/paging.js';
import { jobSide } from './applications.js';
import { jobSelect, toCard, type JobCard } from './jobs.js';
import { countJobsForSeeker, rankJobsForSeeker, rankSeekersForJob, scoreMatch, type SeekerSide } from './matching.js';

export const ageOn = (birth: string, day: string) => Number(day.slice(0, 4)) - Number(birth.slice(0, 4)) - (day.slice(5) < birth.slice(5) ? 1 : 0);

export async function applicationsOf(db: DbOrTx, f: { applicationId?: number; personId?: number; jobId?: number; withJob?: boolean }) {
  const rows = await db
    .selectFrom('job_application')
    .select(['id', 'job_id', 'person_id', 'kind', 'status', 'event_id', 'score', 'created_at', 'updated_at'])
    .$if(f.applicationId !== undefined, (q) => q.where('id', '=', f.applicationId!))
    .$if(f.personId !== undefined, (q) => q.where('person_id', '=', f.personId!))
    .$if(f.jobId !== undefined, (q) => q.where('job_id', '=', f.jobId!))
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  const jobs = new Map<number, JobCard>();
  if (f.withJob && rows.length) for (const j of await jobSelect(db).where('j.id', 'in', [...new Set(rows.map((r) => r.job_id))]).execute()) jobs.set(Number(j.id), toCard(j));
  return rows.map((r) => ({
    id: Number(r.id),
    jobId: Number(r.job_id),
    personId: Number(r.person_id),
    kind: r.kind,
    status: r.status,
    eventId: r.event_id === null ? null : Number(r.event_id),
    score: r.score,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(f.withJob ? { job: jobs.get(Number(r.job_id)) ?? null } : {}),
  }));
}

/** The recommended postings for a seeker, best first, each with its reasons. */
export async function recommendJobs(db: DbOrTx, seeker: SeekerSide, today: string, limit: number, offset: number) {
  const ranked = await rankJobsForSeeker(db, seeker, today, limit, offset);
  if (!ranked.length) return [];
  const rows = new Map((await jobSelect(db).where('j.id', 'in', ranked.map((r) => r.id)).execute()).map((r) => [Number(r.id), r]));
  return ranked.map((r) => {
    const j = rows.get(r.id)!;
    const { score, reasons } = scoreMatch(seeker, {
      occupationCode: j.occupation_code,
      districtCode: j.district_code,
      townshipCode: j.township_code,
      wageMaxFen: j.wage_max_fen,
      educationRank: j.education_rank,
      experienceYears: j.experience_years,
      skills: j.skills,
    });
    return { ...toCard(j), score, reasons };
  });
}

export async function recommendJobsPaged(db: DbOrTx, seeker: SeekerSide, today: string, q: PagingQuery) {
  const [items, total] = await Promise.all([recommendJobs(db, seeker, today, q.pageSize, (q.page - 1) * q.pageSize), countJobsForSeeker(db, seeker, today, 200)]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** The recommended seekers for a posting, best first, names masked, with the reasons. */
export async function seekerMatches(db: DbOrTx, jobId: number, q: PagingQuery, today: string) {
  const job = (await jobSide(db, jobId))!;
  const ranked = await rankSeekersForJob(db, job, q.pageSize, (q.page - 1) * q.pageSize);
  if (!ranked.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const ids = ranked.map((r) => r.personId);
  const rows = new Map(
    (
      await db
        .selectFrom('job_seeker as s')
        .innerJoin('person as p', 'p.id', 's.person_id')
        .innerJoin('division as d', 'd.code', 's.district_code')
        .innerJoin('division as t', 't.code', 's.township_code')
        .select(['s.person_id', 'p.name', 'p.sex', 'p.birth_date', 's.education', 's.education_rank', 's.experience_years', 's.categories', 'd.name as district_name', 't.name as township_name', 's.expected_wage_fen', 's.skills', 's.preferred_occupations', 's.preferred_districts', 's.district_code', 's.township_code'])
        .where('s.person_id', 'in', ids)
        .execute()
    ).map((r) => [Number(r.person_id), r]),
  );
  const applied = new Set((await db.selectFrom('job_application').select('person_id').where('job_id', '=', jobId).where('person_id', 'in', ids).where('status', '<>', 'withdrawn').execute()).map((a) => Number(a.person_id)));
  const items = ranked.map((r) => {
    const s = rows.get(r.personId)!;
    const { score, reasons } = scoreMatch(
      {
        occupations: s.preferred_occupations,
        places: s.preferred_districts.length ? s.preferred_districts : [s.district_code],
        township: s.township_code,
        expectedWageFen: s.expected_wage_fen,
        educationRank: s.education_rank,
        experienceYears: s.experience_years,
        skills: s.skills,
      },
      job,
    );
    return {
      personId: r.personId,
      name: maskName(s.name),
      age: ageOn(s.birth_date, today),
      sex: s.sex,
      education: s.education,
      experienceYears: s.experience_years,
      categories: s.categories,
      districtName: s.district_name,
      townshipName: s.township_name,
      expectedWageYuan: s.expected_wage_fen / 100,
      skills: s.skills,
      score,
      reasons,
      applied: applied.has(r.personId),
    };
  });
  // Counting every candidate of a common occupation would cost more than the ranking; the pages
  // show "more" while a full page came back.
  const total = (q.page - 1) * q.pageSize + items.length + (items.length === q.pageSize ? 1 : 0);
  return { items, total, page: q.page, pageSize: q.pageSize };
}
