// Matching jobs and seekers (人岗匹配), in both directions, with a score a person can read: six
// factors, each with its points and why. The score is computed twice — in SQL to rank candidates,
// and here to explain the chosen ones — and a test holds the two to the same numbers.
//
// Candidates are jobs (or seekers) in the other side's occupations or their major groups, and in its
// places or a neighbouring district; a job of an unrelated occupation, or far away, is not a
// recommendation. Candidates are read in buckets by the best score they could reach (see "SQL
// ranking"), and a bucket is read only when it could still reach the top N, so the top N is exact
// without scoring every posting in the city.
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { Education } from '../../db/schema.js';
import { neighbours } from './reference.js';

export const WEIGHTS = { occupation: 35, sameMajor: 15, township: 25, district: 20, neighbour: 12, wage: 15, nearWage: 8, education: 10, experience: 5, skills: 10, noSkills: 5 } as const;
/** The most a candidate outside the exact occupations can score. */
export const MAJOR_TIER_MAX = WEIGHTS.sameMajor + WEIGHTS.township + WEIGHTS.wage + WEIGHTS.education + WEIGHTS.experience + WEIGHTS.skills;

export const EDUCATION_RANK: Record<Education, number> = { none: 0, primary: 1, junior: 2, senior: 3, vocational: 3, college: 4, bachelor: 5, master: 6, doctor: 7 };

export type SeekerSide = {
  occupations: string[];
  /** Preferred districts, or the district of residence when none is preferred. */
  places: string[];
  township: string;
  expectedWageFen: number;
  educationRank: number;
  experienceYears: number;
  skills: string[];
};
export type JobSide = {
  occupationCode: string;
  districtCode: string;
  townshipCode: string | null;
  wageMaxFen: number;
  educationRank: number;
  experienceYears: number;
  skills: string[];
};
export type Factor = 'occupation' | 'place' | 'wage' | 'education' | 'experience' | 'skills';
export type ScoreReason = { factor: Factor; points: number; max: number; zh: string; en: string };

export const majorOf = (code: string) => code.split('-')[0]!;
export const normaliseSkill = (s: string) => s.trim().toLowerCase();

/** The districts a seeker's places reach: the places and their neighbours. */
export function reach(places: string[]): string[] {
  const s = new Set(places);
  for (const p of places) for (const n of neighbours(p)) s.add(n);
  return [...s].sort();
}

const yuan = (fen: number) => Math.round(fen / 100).toLocaleString('en');

/** The score of a job for a seeker, factor by factor. */
export function scoreMatch(s: SeekerSide, j: JobSide): { score: number; reasons: ScoreReason[] } {
  const reasons: ScoreReason[] = [];
  const add = (factor: Factor, points: number, max: number, zh: string, en: string) => reasons.push({ factor, points, max, zh, en });

  if (s.occupations.includes(j.occupationCode)) add('occupation', WEIGHTS.occupation, WEIGHTS.occupation, '职业与求职意向一致', 'The occupation is one you want');
  else if (s.occupations.some((o) => majorOf(o) === majorOf(j.occupationCode))) add('occupation', WEIGHTS.sameMajor, WEIGHTS.occupation, '职业与求职意向同属一个大类', 'The occupation is in the same group as one you want');
  else add('occupation', 0, WEIGHTS.occupation, '职业不在求职意向内', 'Not an occupation you want');

  if (j.townshipCode !== null && j.townshipCode === s.township) add('place', WEIGHTS.township, WEIGHTS.township, '工作地在本乡镇(街道)', 'In your own township');
  else if (s.places.includes(j.districtCode)) add('place', WEIGHTS.district, WEIGHTS.township, '工作地在意向区县', 'In a district you want');
  else if (s.places.some((p) => neighbours(p).includes(j.districtCode))) add('place', WEIGHTS.neighbour, WEIGHTS.township, '工作地在相邻区县', 'In a neighbouring district');
  else add('place', 0, WEIGHTS.township, '工作地较远', 'Far from where you want to work');

  if (j.wageMaxFen >= s.expectedWageFen) add('wage', WEIGHTS.wage, WEIGHTS.wage, `最高月薪${yuan(j.wageMaxFen)}元，达到期望`, `Pays up to ${yuan(j.wageMaxFen)} yuan, as much as you expect`);
  else if (j.wageMaxFen * 100 >= s.expectedWageFen * 85) add('wage', WEIGHTS.nearWage, WEIGHTS.wage, `最高月薪${yuan(j.wageMaxFen)}元，接近期望`, `Pays up to ${yuan(j.wageMaxFen)} yuan, close to what you expect`);
  else add('wage', 0, WEIGHTS.wage, `最高月薪${yuan(j.wageMaxFen)}元，低于期望`, `Pays up to ${yuan(j.wageMaxFen)} yuan, less than you expect`);

  if (j.educationRank <= s.educationRank) add('education', WEIGHTS.education, WEIGHTS.education, '学历符合要求', 'Your education meets the requirement');
  else add('education', 0, WEIGHTS.education, '学历低于要求', 'Below the required education');

  if (j.experienceYears <= s.experienceYears) add('experience', WEIGHTS.experience, WEIGHTS.experience, j.experienceYears === 0 ? '不要求工作经验' : `要求${j.experienceYears}年经验，符合`, j.experienceYears === 0 ? 'No experience required' : `${j.experienceYears} years of experience required; you have them`);
  else add('experience', 0, WEIGHTS.experience, `要求${j.experienceYears}年经验`, `${j.experienceYears} years of experience required`);

  if (j.skills.length === 0) add('skills', WEIGHTS.noSkills, WEIGHTS.skills, '岗位未列技能要求', 'The job lists no skills');
  else {
    const have = new Set(s.skills);
    const matched = j.skills.filter((k) => have.has(k));
    const points = Math.floor((WEIGHTS.skills * matched.length) / j.skills.length);
    add('skills', points, WEIGHTS.skills, matched.length ? `技能匹配：${matched.join('、')}` : '技能不匹配', matched.length ? `Skills matched: ${matched.join(', ')}` : 'No listed skill matched');
  }
  return { score: reasons.reduce((a, r) => a + r.points, 0), reasons };
}

// --- SQL ranking ---------------------------------------------------------------------------------
//
// Both directions read their candidates in buckets, each bucket a few index ranges with a known best
// possible score: the occupation tier (exact or same major group), the place (in the wanted districts,
// or only a neighbouring one) and the wage (pays what is expected, close to it, or less); the rest of
// the score is at most education + experience + skills. A bucket is read for its own top N only, best
// possible score first, and reading stops as soon as the N-th best so far scores more than the next
// bucket could: the top N is exact, and a seeker of a common occupation in the city centre reads a few
// thousand postings, not a hundred thousand. The township bonus (25) can fall on a candidate in any
// district within reach, so a bucket of its own (the other side's township) holds those candidates.
// A candidate may come back from several buckets (a seeker's other occupations and places), with a
// lower score from all but the one that has all of it; the best is kept.
//
// The indexes of migration 0008 (job_published_match*, job_published_by_township, job_seeker_place_match*,
// job_seeker_place_township) hold every column the score reads, so the buckets are index-only scans;
// job_seeker_place carries the seeker's values for that (copied by triggers).

const textArray = (a: string[]) => sql`${`{${a.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;

/** A whole number written into the SQL: the weights are constants of this file, never user input. */
const w = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer weight: ${n}`);
  return sql.lit(n);
};

type Candidate = { id: number; score: number };
type Bucket = { max: number; read: () => Promise<Candidate[]> };
const best = (a: Candidate, b: Candidate) => b.score - a.score || b.id - a.id;

/**
 * The top `want` candidates over buckets (best first; ties: larger id first). Every candidate must be
 * in some bucket that gives it its full score, with a `max` at least that score; in other buckets it
 * may only score less. Each bucket returns its own top `want`.
 */
async function topOfBuckets(buckets: Bucket[], want: number): Promise<Candidate[]> {
  const scores = new Map<number, number>();
  let top: Candidate[] = [];
  for (const b of [...buckets].sort((x, y) => y.max - x.max)) {
    if (top.length >= want && top[want - 1]!.score > b.max) break;
    for (const c of await b.read()) if (!((scores.get(c.id) ?? -1) >= c.score)) scores.set(c.id, c.score);
    top = [...scores].map(([id, score]) => ({ id, score })).sort(best).slice(0, want);
  }
  return top;
}

/** Points for education, experience and skills at most: skills give 10 when matched, 5 for a job that lists none. */
const restMax = (skillsCanMatch: boolean) => WEIGHTS.education + WEIGHTS.experience + (skillsCanMatch ? WEIGHTS.skills : WEIGHTS.noSkills);

/** The same score in SQL, over job_posting j, for a seeker's values. */
function jobScoreSql(s: SeekerSide): RawBuilder<number> {
  // Skills: how many of the posting's skills (counted as listed) the seeker has, without a subquery per row.
  const have = [...new Set(s.skills)];
  const matched = have.length
    ? sql`CASE WHEN j.skills && ${textArray(have)} THEN (${w(WEIGHTS.skills)} * (${sql.join(
        have.map((k) => sql`(cardinality(j.skills) - cardinality(array_remove(j.skills, ${k}::text)))`),
        sql` + `,
      )}))::int / cardinality(j.skills) ELSE 0 END`
    : sql`0`;
  return sql<number>`(
    CASE WHEN j.occupation_code = ANY(${textArray(s.occupations)}) THEN ${w(WEIGHTS.occupation)} ELSE ${w(WEIGHTS.sameMajor)} END
    + CASE WHEN j.township_code = ${s.township}::text THEN ${w(WEIGHTS.township)} WHEN j.district_code = ANY(${textArray(s.places)}) THEN ${w(WEIGHTS.district)} ELSE ${w(WEIGHTS.neighbour)} END
    + CASE WHEN j.wage_max_fen >= ${s.expectedWageFen}::bigint THEN ${w(WEIGHTS.wage)} WHEN j.wage_max_fen::bigint * 100 >= ${s.expectedWageFen}::bigint * 85 THEN ${w(WEIGHTS.nearWage)} ELSE 0 END
    + CASE WHEN j.education_rank <= ${s.educationRank}::int THEN ${w(WEIGHTS.education)} ELSE 0 END
    + CASE WHEN j.experience_years <= ${s.experienceYears}::int THEN ${w(WEIGHTS.experience)} ELSE 0 END
    + CASE WHEN cardinality(j.skills) = 0 THEN ${w(WEIGHTS.noSkills)} ELSE ${matched} END
  )::int`;
}

export type RankedJob = { id: number; score: number };

/**
 * The top `limit` published, valid postings for a seeker after `offset`, best first (ties: newest
 * posting first). Only candidates in the seeker's occupations or their major groups, within reach.
 */
export async function rankJobsForSeeker(db: DbOrTx, s: SeekerSide, today: string, limit: number, offset = 0): Promise<RankedJob[]> {
  const want = limit + offset;
  if (want <= 0) return [];
  const within = reach(s.places);
  const places = within.filter((d) => s.places.includes(d));
  const others = within.filter((d) => !s.places.includes(d));
  const occupations = textArray(s.occupations);
  const majors = textArray([...new Set(s.occupations.map(majorOf))]);
  const rest = restMax(s.skills.length > 0);
  const score = jobScoreSql(s);
  const read = (where: RawBuilder<unknown>) => async () =>
    (
      await sql<RankedJob>`SELECT j.id, ${score} AS score FROM job_posting j
        WHERE j.status = 'published' AND j.valid_until >= ${today} AND j.valid_from <= ${today} AND ${where}
        ORDER BY score DESC, j.id DESC LIMIT ${want}`.execute(db)
    ).rows.map((r) => ({ id: Number(r.id), score: Number(r.score) }));
  // A posting pays what the seeker expects, close to it (at least 85%), or less.
  const e = s.expectedWageFen;
  const near = Math.ceil((e * 85) / 100);
  const wages = [
    { points: WEIGHTS.wage, where: sql`j.wage_max_fen >= ${e}::int` },
    { points: WEIGHTS.nearWage, where: sql`j.wage_max_fen >= ${near}::int AND j.wage_max_fen < ${e}::int` },
    { points: 0, where: sql`j.wage_max_fen < ${near}::int` },
  ];
  const tiers = [
    { points: WEIGHTS.occupation, where: sql`j.occupation_code = ANY(${occupations})` },
    { points: WEIGHTS.sameMajor, where: sql`j.major_code = ANY(${majors}) AND NOT (j.occupation_code = ANY(${occupations}))` },
  ];
  // Postings in the seeker's own township, anywhere within reach, in either tier.
  const buckets: Bucket[] = tiers.map((t) => ({
    max: t.points + WEIGHTS.township + WEIGHTS.wage + rest,
    read: read(sql`j.township_code = ${s.township}::text AND j.major_code = ANY(${majors}) AND ${t.where} AND j.district_code = ANY(${textArray(within)})`),
  }));
  const areas = [
    { points: WEIGHTS.district, districts: places },
    { points: WEIGHTS.neighbour, districts: others },
  ].filter((a) => a.districts.length > 0);
  for (const t of tiers)
    for (const a of areas)
      for (const m of wages) buckets.push({ max: t.points + a.points + m.points + rest, read: read(sql`${t.where} AND j.district_code = ANY(${textArray(a.districts)}) AND ${m.where}`) });
  return (await topOfBuckets(buckets, want)).slice(offset, want);
}

/** How many candidates there are for a seeker, counted up to `cap`. */
export async function countJobsForSeeker(db: DbOrTx, s: SeekerSide, today: string, cap: number): Promise<number> {
  const majors = [...new Set(s.occupations.map(majorOf))];
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM job_posting j
      WHERE j.status = 'published' AND j.valid_until >= ${today} AND j.valid_from <= ${today}
        AND j.district_code = ANY(${textArray(reach(s.places))}) AND j.major_code = ANY(${textArray(majors)}) LIMIT ${cap}) c`.execute(db);
  return Number(r.rows[0]!.n);
}

/**
 * The same score in SQL, over one job_seeker_place row p (which carries the seeker's values): the
 * row of the seeker's best occupation and place scores in full, the others less.
 */
function seekerScoreSql(j: JobSide): RawBuilder<number> {
  return sql<number>`(
    CASE WHEN p.occupation_code = ${j.occupationCode}::text THEN ${w(WEIGHTS.occupation)} ELSE ${w(WEIGHTS.sameMajor)} END
    + CASE WHEN p.township_code = ${j.townshipCode}::text THEN ${w(WEIGHTS.township)} WHEN p.district_code = ${j.districtCode}::text THEN ${w(WEIGHTS.district)} ELSE ${w(WEIGHTS.neighbour)} END
    + CASE WHEN ${j.wageMaxFen}::bigint >= p.expected_wage_fen THEN ${w(WEIGHTS.wage)} WHEN ${j.wageMaxFen}::bigint * 100 >= p.expected_wage_fen::bigint * 85 THEN ${w(WEIGHTS.nearWage)} ELSE 0 END
    + CASE WHEN ${j.educationRank}::int <= p.education_rank THEN ${w(WEIGHTS.education)} ELSE 0 END
    + CASE WHEN ${j.experienceYears}::int <= p.experience_years THEN ${w(WEIGHTS.experience)} ELSE 0 END
    + ${
      j.skills.length === 0
        ? sql`${w(WEIGHTS.noSkills)}`
        : sql`CASE WHEN p.skills && ${textArray(j.skills)} THEN (${w(WEIGHTS.skills)} * (${sql.join(
            j.skills.map((k) => sql`(${k}::text = ANY(p.skills))::int`),
            sql` + `,
          )}))::int / ${w(j.skills.length)} ELSE 0 END`
    }
  )::int`;
}

export type RankedSeeker = { personId: number; score: number };

/** The top `limit` active seekers for a job after `offset`, best first (ties: larger person id first). */
export async function rankSeekersForJob(db: DbOrTx, j: JobSide, limit: number, offset = 0): Promise<RankedSeeker[]> {
  const want = limit + offset;
  if (want <= 0) return [];
  const nearby = neighbours(j.districtCode).filter((d) => d !== j.districtCode);
  const major = majorOf(j.occupationCode);
  const rest = restMax(j.skills.length > 0);
  const score = seekerScoreSql(j);
  // A seeker has one row per occupation and district: grouped by seeker, but for one occupation in one district.
  const read = (where: RawBuilder<unknown>, oneRowEach = false) => async () =>
    (
      await (oneRowEach
        ? sql<{ person_id: number; score: number }>`SELECT p.person_id, ${score} AS score FROM job_seeker_place p
            WHERE p.status = 'active' AND ${where} ORDER BY score DESC, p.person_id DESC LIMIT ${want}`
        : sql<{ person_id: number; score: number }>`SELECT p.person_id, max(${score}) AS score FROM job_seeker_place p
            WHERE p.status = 'active' AND ${where} GROUP BY p.person_id ORDER BY score DESC, p.person_id DESC LIMIT ${want}`
      ).execute(db)
    ).rows.map((r) => ({ id: Number(r.person_id), score: Number(r.score) }));
  // The seeker expects at most the posting's wage, at most 100/85 of it, or more.
  const pay = j.wageMaxFen;
  const near = Math.floor((pay * 100) / 85);
  const wages = [
    { points: WEIGHTS.wage, where: sql`p.expected_wage_fen <= ${pay}::int` },
    { points: WEIGHTS.nearWage, where: sql`p.expected_wage_fen > ${pay}::int AND p.expected_wage_fen <= ${near}::bigint` },
    { points: 0, where: sql`p.expected_wage_fen > ${near}::bigint` },
  ];
  const tiers = [
    { points: WEIGHTS.occupation, exact: true, where: sql`p.occupation_code = ${j.occupationCode}::text` },
    { points: WEIGHTS.sameMajor, exact: false, where: sql`p.major_code = ${major}::text AND p.occupation_code <> ${j.occupationCode}::text` },
  ];
  // Seekers living in the posting's township, wanting a place anywhere within reach, in either tier.
  const buckets: Bucket[] =
    j.townshipCode === null
      ? []
      : tiers.map((t) => ({
          max: t.points + WEIGHTS.township + WEIGHTS.wage + rest,
          read: read(sql`p.township_code = ${j.townshipCode}::text AND p.major_code = ${major}::text AND ${t.where} AND p.district_code = ANY(${textArray([j.districtCode, ...nearby])})`),
        }));
  const areas = [
    { points: WEIGHTS.district, one: true, where: sql`p.district_code = ${j.districtCode}::text` },
    ...(nearby.length ? [{ points: WEIGHTS.neighbour, one: false, where: sql`p.district_code = ANY(${textArray(nearby)})` }] : []),
  ];
  for (const t of tiers)
    for (const a of areas)
      for (const m of wages) buckets.push({ max: t.points + a.points + m.points + rest, read: read(sql`${t.where} AND ${a.where} AND ${m.where}`, t.exact && a.one) });
  return (await topOfBuckets(buckets, want)).slice(offset, want).map((c) => ({ personId: c.id, score: c.score }));
}
