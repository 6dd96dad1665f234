// The graduates ledger (离校未就业实名台账): every graduate of the year with a Chongqing hukou, their
// status from data (a job in the HR data, further study in the education data) or from follow-up
// contacts, whether they are in difficulty, and the 100% rule for those who want work.
import { sql } from 'kysely';
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import type { GraduateStatusCode } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { DateText } from './dates.js';

export const GRADUATE_STATUSES = ['employed', 'further_study', 'internship', 'preparing', 'not_employed'] as const satisfies readonly GraduateStatusCode[];
/** Statuses that satisfy the plan's rule for graduates in difficulty: in work or in a preparation activity. */
export const PLACED: readonly GraduateStatusCode[] = ['employed', 'further_study', 'internship', 'preparing'];

export const ContactInput = z.object({
  year: z.number().int().min(2000).max(2100),
  status: z.enum(GRADUATE_STATUSES),
  wantsWork: z.boolean(),
  channel: z.enum(['phone', 'visit', 'online', 'school']),
  note: z.string().trim().min(1).max(1000),
  effectiveOn: DateText,
});
export type ContactInput = z.infer<typeof ContactInput>;

/**
 * Adds the year's graduates not yet in the ledger and brings data-derived statuses up to date:
 * a graduate in work in the HR data is employed, whatever was recorded before. Set-based.
 */
export async function syncGraduates(db: DbOrTx, year: number, today: string, now: Date): Promise<{ added: number; updated: number }> {
  const july = `${year}-07-01`;
  const from = today < july ? july : today;
  return db.transaction().execute(async (trx) => {
    const added = await sql<{ person_id: number }>`
      INSERT INTO graduate_record (graduation_year, person_id, school, level, district_code, status, status_source, wants_work, difficulty, difficulty_reasons, updated_at)
      SELECT ${year}, g.person_id, g.school, g.level, p.hukou_district_code,
        CASE WHEN job.person_id IS NOT NULL THEN 'employed'
             WHEN EXISTS (SELECT 1 FROM edu_student s WHERE s.person_id = g.person_id AND s.stage = 'higher' AND s.school_year >= ${year}) THEN 'further_study'
             ELSE 'not_employed' END,
        'data', true,
        cardinality(r.reasons) > 0, r.reasons, ${now}
      FROM (SELECT DISTINCT ON (person_id) person_id, school, level FROM edu_graduate WHERE graduation_year = ${year} ORDER BY person_id, level DESC) g
      JOIN person p ON p.id = g.person_id
      LEFT JOIN (SELECT DISTINCT person_id FROM employment WHERE start_date <= ${from} AND (end_date IS NULL OR end_date >= ${from})) job ON job.person_id = g.person_id
      CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
          CASE WHEN EXISTS (SELECT 1 FROM civil_assistance c WHERE (c.person_id = p.id OR (p.household_id IS NOT NULL AND c.household_id = p.household_id)) AND c.end_date IS NULL) THEN 'social_assistance' END,
          CASE WHEN EXISTS (SELECT 1 FROM disability_certificate d WHERE d.person_id = p.id) THEN 'disability' END,
          CASE WHEN EXISTS (SELECT 1 FROM poverty_alleviated v WHERE v.person_id = p.id) THEN 'lifted_from_poverty' END,
          CASE WHEN EXISTS (SELECT 1 FROM zero_employment_household z WHERE z.household_id = p.household_id AND z.status = 'open') THEN 'zero_employment_household' END
        ]::text[], NULL) AS reasons) r
      WHERE p.hukou_district_code LIKE '50%'
        AND NOT EXISTS (SELECT 1 FROM police_death dd WHERE dd.person_id = g.person_id)
        AND NOT EXISTS (SELECT 1 FROM graduate_record gr WHERE gr.graduation_year = ${year} AND gr.person_id = g.person_id)
      RETURNING person_id`.execute(trx);
    await sql`INSERT INTO graduate_status (graduation_year, person_id, status, wants_work, effective_on, source, recorded_at)
      SELECT graduation_year, person_id, status, wants_work,
        CASE WHEN status = 'employed' THEN greatest(${july}::date, coalesce((SELECT min(e.start_date) FROM employment e WHERE e.person_id = gr.person_id AND (e.end_date IS NULL OR e.end_date >= ${july}::date)), ${july}::date)) ELSE ${july}::date END,
        'data', ${now}
      FROM graduate_record gr WHERE graduation_year = ${year} AND NOT EXISTS (SELECT 1 FROM graduate_status s WHERE s.graduation_year = gr.graduation_year AND s.person_id = gr.person_id)`.execute(trx);
    // In work in the data now, but not employed in the ledger.
    const updated = await sql<{ person_id: number; wants_work: boolean; started: string }>`
      UPDATE graduate_record gr SET status = 'employed', status_source = 'data', updated_at = ${now}
      FROM (SELECT person_id, max(start_date) AS started FROM employment WHERE start_date <= ${today} AND (end_date IS NULL OR end_date >= ${today}) GROUP BY person_id) e
      WHERE gr.graduation_year = ${year} AND gr.person_id = e.person_id AND gr.status <> 'employed'
      RETURNING gr.person_id, gr.wants_work, e.started`.execute(trx);
    for (const u of updated.rows)
      await trx
        .insertInto('graduate_status')
        .values({ graduation_year: year, person_id: Number(u.person_id), status: 'employed', wants_work: u.wants_work, effective_on: u.started < july ? july : u.started, source: 'data', channel: null, note: null, recorded_by: null, recorded_at: now })
        .execute();
    return { added: added.rows.length, updated: updated.rows.length };
  });
}

/** A follow-up contact: the status it found, from the day given. */
export async function recordContact(db: DbOrTx, personId: number, c: ContactInput, o: { by: number; now: Date; today: string }): Promise<void> {
  if (c.effectiveOn > o.today) throw new AppError('VALIDATION', { zh: '日期不能晚于今天', en: 'The date cannot be in the future' }, [{ path: 'effectiveOn', message: '日期不能晚于今天', messageEn: 'in the future' }]);
  const rec = await db.selectFrom('graduate_record').select(['status']).where('graduation_year', '=', c.year).where('person_id', '=', personId).forUpdate().executeTakeFirst();
  if (!rec) throw new AppError('NOT_FOUND', { zh: '台账中没有该毕业生', en: 'The graduate is not in the ledger' });
  await db
    .updateTable('graduate_record')
    .set({ status: c.status, status_source: 'staff', wants_work: c.wantsWork, last_contact_on: c.effectiveOn, updated_at: o.now })
    .where('graduation_year', '=', c.year)
    .where('person_id', '=', personId)
    .execute();
  await db
    .insertInto('graduate_status')
    .values({ graduation_year: c.year, person_id: personId, status: c.status, wants_work: c.wantsWork, effective_on: c.effectiveOn, source: 'staff', channel: c.channel, note: c.note, recorded_by: o.by, recorded_at: o.now })
    .execute();
}

export type GraduateFilter = { year: number; district?: string | undefined; status?: GraduateStatusCode | undefined; difficulty?: boolean | undefined; outstanding?: boolean | undefined; school?: string | undefined };

/**
 * The ledger of a year, limited to the reader's area. A graduate belongs to the place of their hukou
 * (the ledger's district is the hukou district), so a township or village reader sees the graduates
 * whose hukou is there — the same ones whose records they can open (see the routes' gradInScope).
 */
export function graduateQuery(db: DbOrTx, f: GraduateFilter, scope: { column: 'district_code' | 'township_code' | 'village_code'; code: string } | null) {
  return db
    .selectFrom('graduate_record as g')
    .innerJoin('person as p', 'p.id', 'g.person_id')
    .innerJoin('division as d', 'd.code', 'g.district_code')
    .where('g.graduation_year', '=', f.year)
    .$if(!!scope, (q) => (scope!.column === 'district_code' ? q.where('g.district_code', '=', scope!.code) : q.where('p.hukou_village_code', 'like', `${scope!.code}%`)))
    .$if(!!f.district, (q) => q.where('g.district_code', '=', f.district!))
    .$if(!!f.status, (q) => q.where('g.status', '=', f.status!))
    .$if(f.difficulty !== undefined, (q) => q.where('g.difficulty', '=', f.difficulty!))
    .$if(!!f.school, (q) => q.where('g.school', '=', f.school!))
    .$if(!!f.outstanding, (q) => q.where('g.difficulty', '=', true).where('g.wants_work', '=', true).where('g.status', 'not in', PLACED));
}

export async function graduateSummary(db: DbOrTx, year: number, scope: { column: 'district_code' | 'township_code' | 'village_code'; code: string } | null) {
  const base = graduateQuery(db, { year }, scope);
  const placed = sql.join(PLACED.map((s) => sql.lit(s)));
  const totals = await base
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE g.status = 'employed')::int`.as('employed'),
      sql<number>`count(*) FILTER (WHERE g.difficulty)::int`.as('d_total'),
      sql<number>`count(*) FILTER (WHERE g.difficulty AND g.wants_work)::int`.as('d_wants'),
      sql<number>`count(*) FILTER (WHERE g.difficulty AND g.wants_work AND g.status IN (${placed}))::int`.as('d_placed'),
    ])
    .executeTakeFirstOrThrow();
  const byStatus = await base.select(['g.status', sql<number>`count(*)::int`.as('n')]).groupBy('g.status').execute();
  const byDistrict = await base
    .select([
      'g.district_code',
      'd.name',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE g.status = 'employed')::int`.as('employed'),
      sql<number>`count(*) FILTER (WHERE g.difficulty AND g.wants_work AND g.status NOT IN (${placed}))::int`.as('outstanding'),
    ])
    .groupBy(['g.district_code', 'd.name'])
    .orderBy('g.district_code')
    .execute();
  const bySchool = await base
    .select(['g.school', sql<number>`count(*)::int`.as('total'), sql<number>`count(*) FILTER (WHERE g.status = 'employed')::int`.as('employed')])
    .groupBy('g.school')
    .orderBy(sql`count(*)`, 'desc')
    .limit(50)
    .execute();
  const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
  const dWants = Number(totals.d_wants);
  const dPlaced = Number(totals.d_placed);
  return {
    year,
    total: Number(totals.total),
    employed: Number(totals.employed),
    rate: rate(Number(totals.employed), Number(totals.total)),
    byStatus: Object.fromEntries(GRADUATE_STATUSES.map((s) => [s, Number(byStatus.find((b) => b.status === s)?.n ?? 0)])),
    difficulty: { total: Number(totals.d_total), wantsWork: dWants, placed: dPlaced, outstanding: dWants - dPlaced },
    byDistrict: byDistrict.map((d) => ({ districtCode: d.district_code, name: d.name, total: Number(d.total), employed: Number(d.employed), rate: rate(Number(d.employed), Number(d.total)), outstanding: Number(d.outstanding) })),
    bySchool: bySchool.map((s) => ({ school: s.school, total: Number(s.total), employed: Number(s.employed), rate: rate(Number(s.employed), Number(s.total)) })),
  };
}
