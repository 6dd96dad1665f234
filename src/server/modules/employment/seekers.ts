// Job seekers (求职者): a profile per person, with the categories that department data gives them,
// and the place index (job_seeker_place) that "seekers for a job" reads.
import { sql } from 'kysely';
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import type { SeekerCategory } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/validation.js';
import { DateText } from './dates.js';
import { EDUCATION_RANK, majorOf, normaliseSkill, type SeekerSide } from './matching.js';
import { isMiddleGroup } from './reference.js';

export const SEEKER_CATEGORIES = ['registered_unemployed', 'graduate', 'migrant_worker', 'veteran', 'disabled', 'former_fisherman', 'difficulty'] as const satisfies readonly SeekerCategory[];

export const SeekerInput = z.object({
  skills: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
  preferredOccupations: z
    .array(z.string().refine(isMiddleGroup, msg('须为职业分类大典的中类代码', 'a middle group of the occupation catalogue')))
    .min(1, msg('至少选择一个意向职业', 'choose at least one occupation'))
    .max(5, msg('最多选择5个意向职业', 'at most 5 occupations')),
  preferredDistricts: z.array(z.string().regex(/^50\d{4}$/, msg('须为本市区县代码', 'a Chongqing district code'))).max(5, msg('最多选择5个意向区县', 'at most 5 districts')).default([]),
  expectedWageYuan: z.number().int().min(1).max(1_000_000),
  experienceYears: z.number().int().min(0).max(50),
  availableFrom: DateText,
});
export type SeekerInput = z.infer<typeof SeekerInput>;

/** What department data says about a person, as seeker categories. */
export async function categoriesFromData(db: DbOrTx, personId: number, today: string): Promise<SeekerCategory[]> {
  const year = Number(today.slice(0, 4));
  const r = await sql<Record<SeekerCategory, boolean>>`SELECT
      EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = p.id AND u.registered_on <= ${today} AND (u.ended_on IS NULL OR u.ended_on > ${today})) AS registered_unemployed,
      EXISTS (SELECT 1 FROM edu_graduate g WHERE g.person_id = p.id AND g.graduation_year >= ${year - 2}) AS graduate,
      (h.hukou_type = 'rural' AND p.hukou_district_code <> p.district_code) AS migrant_worker,
      EXISTS (SELECT 1 FROM veteran v WHERE v.person_id = p.id) AS veteran,
      EXISTS (SELECT 1 FROM disability_certificate c WHERE c.person_id = p.id) AS disabled,
      EXISTS (SELECT 1 FROM former_fisherman f WHERE f.person_id = p.id) AS former_fisherman,
      EXISTS (SELECT 1 FROM assistance_plan a WHERE a.person_id = p.id AND a.status = 'open') AS difficulty
    FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE p.id = ${personId}`.execute(db);
  const row = r.rows[0];
  if (!row) return [];
  return SEEKER_CATEGORIES.filter((c) => row[c] === true);
}

/** Creates or replaces a person's seeker profile and its place rows; the person becomes active. */
export async function upsertSeeker(db: DbOrTx, personId: number, input: SeekerInput, o: { by: number | null; now: Date; today: string }): Promise<void> {
  const person = await db.selectFrom('person').select(['education', 'district_code', 'township_code']).where('id', '=', personId).executeTakeFirst();
  if (!person) throw new AppError('NOT_FOUND', { zh: '没有该人员', en: 'No such person' });
  const districts = input.preferredDistricts.length
    ? await db.selectFrom('division').select('code').where('code', 'in', input.preferredDistricts).where('level', '=', 2).execute()
    : [];
  const bad = input.preferredDistricts.filter((d) => !districts.some((x) => x.code === d));
  if (bad.length)
    throw new AppError('VALIDATION', { zh: '意向区县有误', en: 'A preferred district is not valid' }, bad.map((d) => ({ path: 'preferredDistricts', message: `${d} 不是本市区县`, messageEn: `${d} is not a Chongqing district` })));
  const categories = await categoriesFromData(db, personId, o.today);
  const occupations = [...new Set(input.preferredOccupations)];
  const prefDistricts = [...new Set(input.preferredDistricts)];
  const row = {
    categories,
    skills: [...new Set(input.skills.map(normaliseSkill))],
    preferred_occupations: occupations,
    preferred_districts: prefDistricts,
    expected_wage_fen: input.expectedWageYuan * 100,
    education: person.education,
    education_rank: EDUCATION_RANK[person.education],
    experience_years: input.experienceYears,
    available_from: input.availableFrom,
    district_code: person.district_code,
    township_code: person.township_code,
    status: 'active' as const,
    updated_at: o.now,
  };
  await db
    .insertInto('job_seeker')
    .values({ person_id: personId, registered_by: o.by, created_at: o.now, ...row })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(row))
    .execute();
  await writePlaces(db, personId, occupations, prefDistricts.length ? prefDistricts : [person.district_code]);
}

async function writePlaces(db: DbOrTx, personId: number, occupations: string[], places: string[]) {
  await db.deleteFrom('job_seeker_place').where('person_id', '=', personId).execute();
  const rows = occupations.flatMap((o) => places.map((d) => ({ occupation_code: o, major_code: majorOf(o), district_code: d, person_id: personId })));
  if (rows.length) await db.insertInto('job_seeker_place').values(rows).execute();
}

/** A seeker who found work leaves the matching pool (their profile stays). */
export async function markSeekerEmployed(db: DbOrTx, personId: number, now: Date): Promise<void> {
  const r = await db.updateTable('job_seeker').set({ status: 'employed', updated_at: now }).where('person_id', '=', personId).where('status', '=', 'active').executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) await db.deleteFrom('job_seeker_place').where('person_id', '=', personId).execute();
}

export async function seekerSide(db: DbOrTx, personId: number): Promise<SeekerSide | null> {
  const s = await db
    .selectFrom('job_seeker')
    .select(['preferred_occupations', 'preferred_districts', 'district_code', 'township_code', 'expected_wage_fen', 'education_rank', 'experience_years', 'skills'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!s) return null;
  return {
    occupations: s.preferred_occupations,
    places: s.preferred_districts.length ? s.preferred_districts : [s.district_code],
    township: s.township_code,
    expectedWageFen: s.expected_wage_fen,
    educationRank: s.education_rank,
    experienceYears: s.experience_years,
    skills: s.skills,
  };
}

export async function seekerProfile(db: DbOrTx, personId: number) {
  const s = await db.selectFrom('job_seeker').selectAll().where('person_id', '=', personId).executeTakeFirst();
  if (!s) return null;
  return {
    categories: s.categories,
    skills: s.skills,
    preferredOccupations: s.preferred_occupations,
    preferredDistricts: s.preferred_districts,
    expectedWageYuan: s.expected_wage_fen / 100,
    experienceYears: s.experience_years,
    availableFrom: s.available_from,
    status: s.status,
    education: s.education,
    districtCode: s.district_code,
    townshipCode: s.township_code,
  };
}
