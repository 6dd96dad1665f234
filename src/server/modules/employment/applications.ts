// Applications (申请) and referrals (推荐) to a posting, and their outcomes. A hire registers the
// employment, which is what the job indicators count.
import { isUniqueViolation, type DbOrTx } from '../../db/index.js';
import type { ApplicationStatus } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { logEvent } from './jobs.js';
import { scoreMatch, type JobSide } from './matching.js';
import { registerEmployment } from './registration.js';
import { seekerSide } from './seekers.js';

const duplicate = (kind: 'application' | 'referral') =>
  new AppError('CONFLICT', kind === 'application' ? { zh: '您已申请过该岗位', en: 'You have already applied for this job' } : { zh: '该人员已申请或被推荐过该岗位', en: 'This person has already applied or been referred to this job' });
const notOpen = () => new AppError('CONFLICT', { zh: '该岗位未发布或已过有效期，不能申请', en: 'The posting is not open for applications' });

export async function jobSide(db: DbOrTx, jobId: number): Promise<(JobSide & { status: string; validFrom: string; validUntil: string; enterpriseId: number; wageMinFen: number }) | null> {
  const j = await db
    .selectFrom('job_posting')
    .select(['occupation_code', 'district_code', 'township_code', 'wage_max_fen', 'wage_min_fen', 'education_rank', 'experience_years', 'skills', 'status', 'valid_from', 'valid_until', 'enterprise_id'])
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!j) return null;
  return {
    occupationCode: j.occupation_code,
    districtCode: j.district_code,
    townshipCode: j.township_code,
    wageMaxFen: j.wage_max_fen,
    wageMinFen: j.wage_min_fen,
    educationRank: j.education_rank,
    experienceYears: j.experience_years,
    skills: j.skills,
    status: j.status,
    validFrom: j.valid_from,
    validUntil: j.valid_until,
    enterpriseId: Number(j.enterprise_id),
  };
}

/** A person applies (kind application) or is referred by staff (kind referral). */
export async function createApplication(
  db: DbOrTx,
  a: { jobId: number; personId: number; kind: 'application' | 'referral'; eventId?: number | null; by: number | null; now: Date; today: string },
): Promise<number> {
  const job = await jobSide(db, a.jobId);
  if (!job) throw new AppError('NOT_FOUND', { zh: '没有该岗位', en: 'No such posting' });
  if (job.status !== 'published' || job.validUntil < a.today || job.validFrom > a.today) throw notOpen();
  if (a.eventId) {
    const inEvent = await db.selectFrom('recruitment_event_job').select('job_id').where('event_id', '=', a.eventId).where('job_id', '=', a.jobId).executeTakeFirst();
    if (!inEvent) throw new AppError('VALIDATION', { zh: '该岗位不在这场招聘活动中', en: 'The posting is not part of this event' }, [{ path: 'eventId', message: '该岗位不在这场招聘活动中', messageEn: 'the posting is not part of this event' }]);
  }
  const existing = await db.selectFrom('job_application').select(['id', 'status']).where('job_id', '=', a.jobId).where('person_id', '=', a.personId).executeTakeFirst();
  if (existing && existing.status !== 'withdrawn') throw duplicate(a.kind);
  const seeker = await seekerSide(db, a.personId);
  const score = seeker ? scoreMatch(seeker, job).score : null;
  let id: number;
  if (existing) {
    await db
      .updateTable('job_application')
      .set({ kind: a.kind, status: 'submitted', event_id: a.eventId ?? null, referred_by: a.kind === 'referral' ? a.by : null, score, updated_at: a.now })
      .where('id', '=', existing.id)
      .execute();
    id = existing.id;
  } else {
    // Two submissions at once: the second meets the unique (job, person) key; it is the same refusal.
    const r = await db
      .insertInto('job_application')
      .values({ job_id: a.jobId, person_id: a.personId, kind: a.kind, event_id: a.eventId ?? null, referred_by: a.kind === 'referral' ? a.by : null, score, status: 'submitted', employment_id: null, created_at: a.now, updated_at: a.now })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((e: unknown) => {
        throw isUniqueViolation(e) ? duplicate(a.kind) : e;
      });
    id = r.id;
  }
  await logEvent(db, 'application', id, a.kind === 'referral' ? 'referred' : 'applied', a.by, { jobId: a.jobId });
  return id;
}

const NEXT: Record<ApplicationStatus, ApplicationStatus[]> = {
  submitted: ['interview', 'hired', 'refused', 'withdrawn'],
  interview: ['hired', 'refused', 'withdrawn'],
  hired: [],
  refused: [],
  withdrawn: [],
};

/** Records an outcome (the employer's or staff's); a hire registers the employment in the same transaction. */
export async function setOutcome(
  trx: DbOrTx,
  id: number,
  o: { status: 'interview' | 'hired' | 'refused'; startDate?: string | undefined; wageYuan?: number | undefined; by: number; now: Date; today: string },
): Promise<void> {
  const a = await trx.selectFrom('job_application').select(['id', 'job_id', 'person_id', 'status', 'kind']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!a) throw new AppError('NOT_FOUND', { zh: '没有该申请', en: 'No such application' });
  if (!NEXT[a.status].includes(o.status))
    throw new AppError('CONFLICT', { zh: `申请当前为“${a.status}”，不能改为“${o.status}”`, en: `The application is ${a.status} and cannot become ${o.status}` });
  let employmentId: number | null = null;
  if (o.status === 'hired') {
    if (!o.startDate) throw new AppError('VALIDATION', { zh: '录用须填写入职日期', en: 'A hire needs the start date' }, [{ path: 'startDate', message: '录用须填写入职日期', messageEn: 'required for a hire' }]);
    const job = (await jobSide(trx, a.job_id))!;
    const wageFen = o.wageYuan !== undefined ? o.wageYuan * 100 : job.wageMinFen;
    if (wageFen < job.wageMinFen || wageFen > job.wageMaxFen)
      throw new AppError('VALIDATION', { zh: '工资须在岗位的工资范围内', en: 'The wage must be within the posting’s range' }, [{ path: 'wageYuan', message: '工资须在岗位的工资范围内', messageEn: 'outside the posting’s wage range' }]);
    employmentId = await registerEmployment(trx, { personId: a.person_id, enterpriseId: job.enterpriseId, startDate: o.startDate, wageFen, source: a.kind, applicationId: id, by: o.by, now: o.now });
  }
  await trx.updateTable('job_application').set({ status: o.status, employment_id: employmentId, updated_at: o.now }).where('id', '=', id).execute();
  await logEvent(trx, 'application', id, o.status, o.by, employmentId ? { employmentId, startDate: o.startDate } : {});
}

export async function withdraw(db: DbOrTx, id: number, personId: number, now: Date): Promise<void> {
  const a = await db.selectFrom('job_application').select(['status', 'person_id']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!a || Number(a.person_id) !== personId) throw new AppError('NOT_FOUND', { zh: '没有该申请', en: 'No such application' });
  if (!NEXT[a.status].includes('withdrawn')) throw new AppError('CONFLICT', { zh: '该申请已有结果，不能撤回', en: 'The application has an outcome and cannot be withdrawn' });
  await db.updateTable('job_application').set({ status: 'withdrawn', updated_at: now }).where('id', '=', id).execute();
  await logEvent(db, 'application', id, 'withdrawn', null);
}
