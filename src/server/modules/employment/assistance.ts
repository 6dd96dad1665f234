// Persons in difficulty (就业困难人员) with one assistance plan each (一人一策), and zero-employment
// households (零就业家庭) followed until someone is in work (动态清零). Both are found by the rules
// engine — the policies employment-difficulty-recognition and zero-employment-household — and taken
// from its latest results into these ledgers, where township workers act on them.
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';
import { msg } from '../../platform/validation.js';
import { DateText } from './dates.js';
import { createApplication } from './applications.js';
import { logEvent } from './jobs.js';
import { registerEmployment } from './registration.js';

export const DIFFICULTY_POLICY = 'employment-difficulty-recognition';
export const HOUSEHOLD_POLICY = 'zero-employment-household';
export const DIFFICULTY_REASONS = ['dibao', 'low_income', 'extreme_poverty', 'disability', 'long_term_unemployed', 'older_unemployed', 'zero_employment_household', 'lifted_from_poverty', 'former_fisherman'] as const;
const LIVE = ['awaiting_confirmation', 'awaiting_application', 'ready', 'in_batch', 'paid', 'payment_failed'];

export const ServiceInput = z.object({
  kind: z.enum(['guidance', 'referral', 'training', 'public_welfare_post']),
  plannedOn: DateText,
  note: z.string().trim().max(1000).optional(),
  jobId: z.number().int().positive().optional(),
});
export const ServiceOutcome = z.object({ doneOn: DateText, outcome: z.enum(['done', 'hired', 'declined', 'no_show']), note: z.string().trim().max(1000).optional() });
export const ClosePlan = z.object({ reason: z.enum(['employed', 'moved', 'retired', 'declined', 'other']), note: z.string().trim().min(1).max(1000) });
export const ClearHousehold = z.object({
  personId: z.number().int().positive(),
  creditCode: z.string().trim().length(18, msg('统一社会信用代码为18位', 'a credit code has 18 characters')),
  startDate: DateText,
  wageYuan: z.number().int().min(1).max(1_000_000),
  note: z.string().trim().max(1000).optional(),
});

/** A person in work today, by the employment data. */
const employedOn = (personCol: RawBuilder<unknown>, day: string) =>
  sql<boolean>`EXISTS (SELECT 1 FROM employment e WHERE e.person_id = ${personCol} AND e.start_date <= ${day} AND (e.end_date IS NULL OR e.end_date >= ${day}))`;

/** Why a person counts as in difficulty, from department data (the reasons shown on the plan). */
const reasonsSql = (today: string) => sql<string[]>`array_remove(ARRAY[
    CASE WHEN EXISTS (SELECT 1 FROM civil_assistance c WHERE c.person_id = p.id AND c.kind = 'dibao' AND (c.end_date IS NULL OR c.end_date >= ${today})) THEN 'dibao' END,
    CASE WHEN EXISTS (SELECT 1 FROM civil_assistance c WHERE c.person_id = p.id AND c.kind = 'low_income' AND (c.end_date IS NULL OR c.end_date >= ${today})) THEN 'low_income' END,
    CASE WHEN EXISTS (SELECT 1 FROM civil_assistance c WHERE c.person_id = p.id AND c.kind = 'extreme_poverty' AND (c.end_date IS NULL OR c.end_date >= ${today})) THEN 'extreme_poverty' END,
    CASE WHEN EXISTS (SELECT 1 FROM disability_certificate d WHERE d.person_id = p.id) THEN 'disability' END,
    CASE WHEN EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = p.id AND u.ended_on IS NULL AND u.registered_on <= ${today}::date - 365) THEN 'long_term_unemployed' END,
    CASE WHEN EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = p.id AND u.ended_on IS NULL)
          AND extract(year FROM age(${today}::date, p.birth_date)) >= CASE WHEN p.sex = 'F' THEN 40 ELSE 50 END THEN 'older_unemployed' END,
    CASE WHEN EXISTS (SELECT 1 FROM zero_employment_household z WHERE z.household_id = p.household_id AND z.status = 'open') THEN 'zero_employment_household' END,
    CASE WHEN EXISTS (SELECT 1 FROM poverty_alleviated v WHERE v.person_id = p.id) THEN 'lifted_from_poverty' END,
    CASE WHEN EXISTS (SELECT 1 FROM former_fisherman f WHERE f.person_id = p.id) THEN 'former_fisherman' END
  ]::text[], NULL)`;

/** The latest live recognition of each person by the rules engine. */
const recognised = sql`(SELECT DISTINCT ON (entity_id) id, entity_id FROM entitlement WHERE policy_id = ${DIFFICULTY_POLICY} AND entity_type = 'person' AND status IN (${sql.join(LIVE)}) ORDER BY entity_id, id DESC)`;

/**
 * Opens a plan for each person the rules engine recognised who has none open and is not in work. A
 * plan the township closed for another reason than a job (the person moved, retired, declined the
 * help) is not opened again from the same recognition; one closed because the person found work is,
 * once they are out of work again. `alreadyOpen`: recognised persons who had an open plan already.
 */
export async function identifyDifficulty(db: DbOrTx, today: string, now: Date): Promise<{ opened: number; alreadyOpen: number }> {
  const already = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${recognised} en
    WHERE EXISTS (SELECT 1 FROM assistance_plan a WHERE a.person_id = en.entity_id AND a.status = 'open')`.execute(db);
  // Set-based, with each new plan's event: the first identification of a city opens thousands.
  const r = await sql<{ id: number }>`WITH opened AS (
      INSERT INTO assistance_plan (person_id, reasons, source, entitlement_id, identified_on, district_code, township_code, status, created_at, updated_at)
      SELECT p.id, ${reasonsSql(today)}, 'rules', en.id, ${today}, p.district_code, p.township_code, 'open', ${now}, ${now}
      FROM ${recognised} en
      JOIN person p ON p.id = en.entity_id
      WHERE NOT EXISTS (SELECT 1 FROM assistance_plan a WHERE a.person_id = p.id
                          AND (a.status = 'open' OR (a.status = 'closed' AND a.entitlement_id = en.id)))
        AND NOT ${employedOn(sql.ref('p.id'), today)}
      RETURNING id)
    INSERT INTO employment_event (entity_type, entity_id, action, actor_id, details)
    SELECT 'assistance_plan', id, 'identified', NULL, ${JSON.stringify({ source: DIFFICULTY_POLICY })}::jsonb FROM opened
    RETURNING entity_id AS id`.execute(db);
  return { opened: r.rows.length, alreadyOpen: Number(already.rows[0]!.n) };
}

/**
 * New households recognised by the rules engine are opened (unless a member is in work by now), and
 * open households with a member in work in the data are cleared.
 */
export async function detectHouseholds(db: DbOrTx, today: string, now: Date): Promise<{ opened: number; cleared: number }> {
  return db.transaction().execute(async (trx) => {
    const opened = await sql<{ id: number }>`INSERT INTO zero_employment_household (household_id, entitlement_id, detected_on, district_code, township_code, village_code, status, created_at, updated_at)
      SELECT h.id, en.id, ${today}, h.district_code, substr(h.village_code, 1, 9), h.village_code, 'open', ${now}, ${now}
      FROM (SELECT DISTINCT ON (entity_id) id, entity_id FROM entitlement WHERE policy_id = ${HOUSEHOLD_POLICY} AND entity_type = 'household' AND status IN (${sql.join(LIVE)}) ORDER BY entity_id, id DESC) en
      JOIN household h ON h.id = en.entity_id
      WHERE NOT EXISTS (SELECT 1 FROM zero_employment_household z WHERE z.household_id = h.id AND z.status = 'open')
        AND NOT EXISTS (SELECT 1 FROM person m WHERE m.household_id = h.id AND ${employedOn(sql.ref('m.id'), today)})
      RETURNING id`.execute(trx);
    for (const o of opened.rows) await logEvent(trx, 'household', Number(o.id), 'detected', null, { source: HOUSEHOLD_POLICY });
    const cleared = await sql<{ id: number; person_id: number }>`UPDATE zero_employment_household z
      SET status = 'cleared', cleared_on = ${today}, cleared_person_id = w.person_id, clear_note = '就业数据显示家庭成员已就业 / employment data shows a member in work', updated_at = ${now}
      FROM (SELECT DISTINCT ON (m.household_id) m.household_id, m.id AS person_id FROM person m
            JOIN employment e ON e.person_id = m.id AND e.start_date <= ${today} AND (e.end_date IS NULL OR e.end_date >= ${today})
            WHERE m.household_id IN (SELECT household_id FROM zero_employment_household WHERE status = 'open')
            ORDER BY m.household_id, e.start_date DESC) w
      WHERE z.status = 'open' AND z.household_id = w.household_id
      RETURNING z.id, w.person_id`.execute(trx);
    for (const c of cleared.rows) await logEvent(trx, 'household', Number(c.id), 'cleared_by_data', null, { personId: Number(c.person_id) });
    return { opened: opened.rows.length, cleared: cleared.rows.length };
  });
}

const workingAge = (birth: string, sex: 'M' | 'F', today: string) => {
  const age = Number(today.slice(0, 4)) - Number(birth.slice(0, 4)) - (today.slice(5) < birth.slice(5) ? 1 : 0);
  return { age, working: age >= 16 && age < (sex === 'M' ? 60 : 55) };
};
export { workingAge };

/** A township worker clears a household: a member's job with an employer is registered, which clears it. */
export async function clearHousehold(trx: DbOrTx, id: number, c: z.infer<typeof ClearHousehold>, o: { by: number; now: Date; today: string }): Promise<void> {
  const z0 = await trx.selectFrom('zero_employment_household').select(['household_id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!z0) throw new AppError('NOT_FOUND', { zh: '没有该家庭', en: 'No such household' });
  if (z0.status !== 'open') throw new AppError('CONFLICT', { zh: '该家庭已清零', en: 'The household has already been cleared' });
  if (c.startDate > o.today) throw new AppError('VALIDATION', { zh: '入职日期不能晚于今天', en: 'The start date cannot be in the future' }, [{ path: 'startDate', message: '入职日期不能晚于今天', messageEn: 'in the future' }]);
  const m = await trx.selectFrom('person').select(['household_id', 'birth_date', 'sex']).where('id', '=', c.personId).executeTakeFirst();
  if (!m || Number(m.household_id) !== Number(z0.household_id)) throw new AppError('CONFLICT', { zh: '该人员不是本户成员', en: 'The person is not a member of this household' });
  if (!workingAge(m.birth_date, m.sex, o.today).working) throw new AppError('CONFLICT', { zh: '该成员不在法定劳动年龄内', en: 'The member is not of working age' });
  const ent = await trx.selectFrom('enterprise').select(['id']).where('credit_code', '=', c.creditCode).executeTakeFirst();
  if (!ent) throw new AppError('VALIDATION', { zh: '没有该统一社会信用代码的单位', en: 'No employer has this credit code' }, [{ path: 'creditCode', message: '没有该统一社会信用代码的单位', messageEn: 'no employer has this credit code' }]);
  await registerEmployment(trx, { personId: c.personId, enterpriseId: Number(ent.id), startDate: c.startDate, wageFen: c.wageYuan * 100, source: 'household', by: o.by, now: o.now });
  const after = await trx.selectFrom('zero_employment_household').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();
  // registerEmployment cleared it through afterEmployment; the note records the worker's words.
  if (after.status !== 'cleared') throw new AppError('INTERNAL', { zh: '清零未生效', en: 'The household was not cleared' });
  if (c.note) await trx.updateTable('zero_employment_household').set({ clear_note: c.note }).where('id', '=', id).execute();
}

export async function addService(db: DbOrTx, planId: number, s: z.infer<typeof ServiceInput>, o: { by: number; now: Date; today: string }): Promise<number> {
  const plan = await db.selectFrom('assistance_plan').select(['status', 'person_id']).where('id', '=', planId).forUpdate().executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', { zh: '没有该帮扶计划', en: 'No such plan' });
  if (plan.status !== 'open') throw new AppError('CONFLICT', { zh: '帮扶计划已结束', en: 'The plan is closed' });
  if (s.kind === 'referral' && !s.jobId) throw new AppError('VALIDATION', { zh: '岗位推荐须选择岗位', en: 'A referral needs a job' }, [{ path: 'jobId', message: '岗位推荐须选择岗位', messageEn: 'required for a referral' }]);
  if (s.jobId && s.kind === 'referral') await createApplication(db, { jobId: s.jobId, personId: Number(plan.person_id), kind: 'referral', by: o.by, now: o.now, today: o.today });
  const r = await db
    .insertInto('assistance_service')
    .values({ plan_id: planId, kind: s.kind, planned_on: s.plannedOn, done_on: null, outcome: null, note: s.note ?? null, job_id: s.jobId ?? null, created_by: o.by, created_at: o.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await logEvent(db, 'assistance_plan', planId, 'service_added', o.by, { serviceId: r.id, kind: s.kind });
  return r.id;
}

export async function recordServiceOutcome(db: DbOrTx, planId: number, serviceId: number, s: z.infer<typeof ServiceOutcome>, o: { by: number; today: string }): Promise<void> {
  if (s.doneOn > o.today) throw new AppError('VALIDATION', { zh: '日期不能晚于今天', en: 'The date cannot be in the future' }, [{ path: 'doneOn', message: '日期不能晚于今天', messageEn: 'in the future' }]);
  const svc = await db.selectFrom('assistance_service').select(['done_on']).where('id', '=', serviceId).where('plan_id', '=', planId).forUpdate().executeTakeFirst();
  if (!svc) throw new AppError('NOT_FOUND', { zh: '没有该服务', en: 'No such service' });
  if (svc.done_on) throw new AppError('CONFLICT', { zh: '该服务已记录结果', en: 'The service already has an outcome' });
  await db.updateTable('assistance_service').set({ done_on: s.doneOn, outcome: s.outcome, note: s.note ?? null }).where('id', '=', serviceId).execute();
  await logEvent(db, 'assistance_plan', planId, 'service_outcome', o.by, { serviceId, outcome: s.outcome });
}

export async function closePlan(db: DbOrTx, planId: number, c: z.infer<typeof ClosePlan>, o: { by: number; now: Date; today: string }): Promise<void> {
  const plan = await db.selectFrom('assistance_plan').select(['status', 'person_id']).where('id', '=', planId).forUpdate().executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', { zh: '没有该帮扶计划', en: 'No such plan' });
  if (plan.status !== 'open') throw new AppError('CONFLICT', { zh: '帮扶计划已结束', en: 'The plan is already closed' });
  if (c.reason === 'employed') {
    const inWork = await sql<{ ok: boolean }>`SELECT ${employedOn(sql.val(Number(plan.person_id)), o.today)} AS ok`.execute(db);
    if (!inWork.rows[0]?.ok)
      throw new AppError('CONFLICT', { zh: '就业数据中没有该人员的在职记录，请先通过岗位推荐登记录用', en: 'The employment data shows no job for this person; register the hire through a referral first' });
  }
  await db
    .updateTable('assistance_plan')
    .set({ status: c.reason === 'employed' ? 'employed' : 'closed', closed_on: o.today, closed_reason: c.reason, updated_at: o.now })
    .where('id', '=', planId)
    .execute();
  await logEvent(db, 'assistance_plan', planId, 'closed', o.by, { reason: c.reason, note: c.note });
}
