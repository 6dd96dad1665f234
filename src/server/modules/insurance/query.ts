// Cross-department data query (跨部门数据查询, M22): staff with the permission look up one person or
// a list across the data of public security, civil affairs, justice, transport, medical insurance,
// the disabled persons' federation and HR & social security, after declaring a purpose. Which
// departments a role sees is fixed per role; identifiers are masked; every query is logged and every
// person found is audited; a user is limited per hour and per day, and unusual volume raises an
// alert for the auditors.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { Role } from '../../db/schema.js';
import type { Principal } from '../../platform/access.js';
import { divisionInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { maskIdNumber, maskName, maskPhone } from '../../platform/mask.js';
import { checkIdNumber } from '../registry/index.js';
import { BENEFIT_LABELS } from './labels.js';

export const QUERY_DEPARTMENTS = ['public_security', 'hrss', 'medical_insurance', 'civil_affairs', 'justice', 'transport', 'disabled'] as const;
export type QueryDepartment = (typeof QUERY_DEPARTMENTS)[number];

/** The departments each staff role may read through the query (field-level permission by source). */
export const ROLE_DEPARTMENTS: Partial<Record<Role, readonly QueryDepartment[]>> = {
  city_admin: QUERY_DEPARTMENTS,
  department_officer: QUERY_DEPARTMENTS,
  district_officer: ['public_security', 'hrss', 'medical_insurance', 'civil_affairs', 'disabled'],
  auditor: QUERY_DEPARTMENTS,
};
/** Roles that see names in clear; the others (auditors) see them masked. ID numbers and phones are always masked. */
const NAMES_IN_CLEAR: readonly Role[] = ['city_admin', 'department_officer', 'district_officer'];

export const PURPOSES = {
  audit_check: { zh: '稽核核查', en: 'Audit check' },
  benefit_review: { zh: '待遇资格复核', en: 'Benefit eligibility review' },
  enrolment_outreach: { zh: '参保扩面核实', en: 'Coverage outreach' },
  fund_supervision: { zh: '基金监督检查', en: 'Fund supervision' },
  complaint: { zh: '投诉举报核查', en: 'Complaint investigation' },
} as const;

export const QUERY_LIMITS = { perQuery: 50, queriesPerHour: 30, personsPerDay: 500, alertPersonsPerHour: 200, alertQueriesPerHour: 20 } as const;

export const QueryInput = z.object({
  purposeCode: z.enum(Object.keys(PURPOSES) as [keyof typeof PURPOSES, ...(keyof typeof PURPOSES)[]]),
  purpose: z.string().trim().min(5, '请说明查询事由(至少5个字) :: Describe the purpose (at least 5 characters)').max(300),
  idNumbers: z.array(z.string().trim().toUpperCase()).min(1).max(QUERY_LIMITS.perQuery, `一次最多查询${QUERY_LIMITS.perQuery}人 :: At most ${QUERY_LIMITS.perQuery} persons per query`),
});
export type QueryInput = z.infer<typeof QueryInput>;

export type QueryResult = Awaited<ReturnType<typeof runQuery>>;

export async function runQuery(db: Db, clock: Clock, p: Principal, requestId: string, input: QueryInput) {
  const departments = ROLE_DEPARTMENTS[p.role];
  if (!departments) throw new AppError('FORBIDDEN', { zh: '您的角色不能使用跨部门查询', en: 'Your role cannot use the cross-department query' });
  const today = shanghaiDate(clock.now());
  const bad = input.idNumbers.flatMap((v, i) => {
    const c = checkIdNumber(v, today);
    return c.ok ? [] : [{ path: `idNumbers.${i}`, message: `第${i + 1}个身份证号：${c.reason.zh}`, messageEn: `ID number ${i + 1}: ${c.reason.en}` }];
  });
  if (bad.length > 0) throw new AppError('VALIDATION', { zh: '身份证号有误', en: 'An ID number is not valid' }, bad);
  const ids = [...new Set(input.idNumbers)];
  const now = clock.now();

  return db.transaction().execute(async (trx) => {
    // Serialise one user's queries so that two at once cannot both pass the limits.
    await sql`SELECT id FROM app_user WHERE id = ${p.userId} FOR UPDATE`.execute(trx);
    const usage = await sql<{ q_hour: number; p_hour: number; p_day: number }>`SELECT
        count(*) FILTER (WHERE at > ${now}::timestamptz - interval '1 hour')::int AS q_hour,
        coalesce(sum(persons) FILTER (WHERE at > ${now}::timestamptz - interval '1 hour'), 0)::int AS p_hour,
        coalesce(sum(persons) FILTER (WHERE at > ${now}::timestamptz - interval '1 day'), 0)::int AS p_day
      FROM data_query WHERE user_id = ${p.userId} AND at > ${now}::timestamptz - interval '1 day'`.execute(trx);
    const u = usage.rows[0]!;
    if (u.q_hour + 1 > QUERY_LIMITS.queriesPerHour)
      throw new AppError('RATE_LIMITED', { zh: `每小时最多查询${QUERY_LIMITS.queriesPerHour}次，请稍后再试`, en: `At most ${QUERY_LIMITS.queriesPerHour} queries an hour; try again later` });
    if (u.p_day + ids.length > QUERY_LIMITS.personsPerDay)
      throw new AppError('RATE_LIMITED', { zh: `每天最多查询${QUERY_LIMITS.personsPerDay}人次，今天已查询${u.p_day}人次`, en: `At most ${QUERY_LIMITS.personsPerDay} persons a day; ${u.p_day} queried today` });

    const persons = await trx.selectFrom('person').select(['id', 'id_number', 'name', 'sex', 'birth_date', 'phone', 'district_code', 'village_code', 'household_id']).where('id_number', 'in', ids).execute();
    // A district officer queries persons living in the district; city-level roles anyone.
    const visible = persons.filter((x) => divisionInScope(p, x.village_code));
    const personIds = visible.map((x) => Number(x.id));
    const year = Number(today.slice(0, 4));
    const has = (d: QueryDepartment) => departments.includes(d);
    const inIds = personIds.length > 0 ? personIds : [-1];

    const deaths = has('public_security') ? await trx.selectFrom('police_death').select(['person_id', 'death_date']).where('person_id', 'in', inIds).execute() : [];
    const enrolments = has('hrss') ? await trx.selectFrom('hr_insurance_enrolment').select(['person_id', 'scheme', 'enrolled_on', 'status']).where('person_id', 'in', inIds).execute() : [];
    const contributions = has('hrss')
      ? await trx
          .selectFrom('contribution')
          .select(['person_id', sql<number>`count(DISTINCT month) FILTER (WHERE month >= (date_trunc('month', ${today}::date) - interval '12 months'))::int`.as('months'), sql<string>`max(month)::text`.as('last')])
          .where('person_id', 'in', inIds)
          .groupBy('person_id')
          .execute()
      : [];
    const awards = has('hrss') ? await trx.selectFrom('benefit_award').select(['person_id', 'kind', 'status', 'status_reason', 'monthly_amount_fen', 'paying_region', 'start_month']).where('person_id', 'in', inIds).execute() : [];
    const medical = has('medical_insurance') ? await trx.selectFrom('medical_enrolment').select(['person_id', 'scheme', 'year']).where('person_id', 'in', inIds).where('year', '=', year).execute() : [];
    const ltc = has('medical_insurance') ? await trx.selectFrom('ltc_enrolment').select(['person_id']).where('person_id', 'in', inIds).where('year', '=', year).execute() : [];
    const civil = has('civil_affairs')
      ? await trx.selectFrom('civil_assistance').select(['person_id', 'kind', 'start_date', 'end_date']).where('person_id', 'in', inIds).where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)])).execute()
      : [];
    const custody = has('justice') ? await trx.selectFrom('justice_custody').select(['person_id', 'start_date', 'end_date']).where('person_id', 'in', inIds).execute() : [];
    const signals = has('transport') ? await trx.selectFrom('life_signal').select(['person_id', sql<string>`max(signal_date)::text`.as('last')]).where('person_id', 'in', inIds).where('source', '=', 'transport').groupBy('person_id').execute() : [];
    const disability = has('disabled') ? await trx.selectFrom('disability_certificate').select(['person_id', 'category', 'grade']).where('person_id', 'in', inIds).execute() : [];

    const clear = NAMES_IN_CLEAR.includes(p.role);
    const of = <T extends { person_id: number | string }>(rows: T[], id: number) => rows.filter((r) => Number(r.person_id) === id);
    const results = ids.map((idNumber) => {
      const x = visible.find((v) => v.id_number === idNumber);
      if (!x) return { idNumber: maskIdNumber(idNumber), found: false as const };
      const id = Number(x.id);
      const data: Partial<Record<QueryDepartment, Record<string, unknown>>> = {};
      if (has('public_security')) data.public_security = { name: clear ? x.name : maskName(x.name), sex: x.sex, birthDate: clear ? x.birth_date : `${String(x.birth_date).slice(0, 4)}-**-**`, phone: maskPhone(x.phone), district: x.district_code, deathDate: of(deaths, id)[0]?.death_date ?? null };
      if (has('hrss'))
        data.hrss = {
          enrolments: of(enrolments, id).map((e) => ({ scheme: e.scheme, since: e.enrolled_on, status: e.status })),
          contributionMonths12: of(contributions, id)[0]?.months ?? 0,
          lastContribution: of(contributions, id)[0]?.last ?? null,
          benefits: of(awards, id).map((a) => ({ kind: a.kind, label: BENEFIT_LABELS[a.kind], status: a.status, reason: a.status_reason, monthlyFen: a.monthly_amount_fen, payingRegion: a.paying_region, since: a.start_month })),
        };
      if (has('medical_insurance')) data.medical_insurance = { year, scheme: of(medical, id)[0]?.scheme ?? null, longTermCare: of(ltc, id).length > 0 };
      if (has('civil_affairs')) data.civil_affairs = { assistance: of(civil, id).map((c) => ({ kind: c.kind, since: c.start_date })) };
      if (has('justice')) data.justice = { custody: of(custody, id).map((c) => ({ from: c.start_date, to: c.end_date })) };
      if (has('transport')) data.transport = { lastRide: of(signals, id)[0]?.last ?? null };
      if (has('disabled')) data.disabled = { certificate: of(disability, id).map((d) => ({ category: d.category, grade: d.grade }))[0] ?? null };
      return { idNumber: maskIdNumber(idNumber), found: true as const, personId: id, data };
    });

    const row = await trx
      .insertInto('data_query')
      .values({ user_id: p.userId, role: p.role, purpose_code: input.purposeCode, purpose: input.purpose, persons: ids.length, found: personIds.length, departments: [...departments], at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const x of visible) await writeAudit(trx, clock, p, requestId, { action: 'person.query', entityType: 'person', entityId: Number(x.id), districtCode: x.district_code, purpose: `${input.purposeCode}: ${input.purpose}` });

    // Unusual volume: an alert for the auditors (one an hour per user).
    const pHour = u.p_hour + ids.length;
    const qHour = u.q_hour + 1;
    let alert = false;
    if (pHour >= QUERY_LIMITS.alertPersonsPerHour || qHour >= QUERY_LIMITS.alertQueriesPerHour) {
      const recent = await trx.selectFrom('data_query_alert').select('id').where('user_id', '=', p.userId).where('at', '>', new Date(now.getTime() - 3600_000)).executeTakeFirst();
      if (!recent) {
        await trx
          .insertInto('data_query_alert')
          .values({ user_id: p.userId, reason: pHour >= QUERY_LIMITS.alertPersonsPerHour ? 'persons_per_hour' : 'queries_per_hour', persons_last_hour: pHour, queries_last_hour: qHour, at: now })
          .execute();
        alert = true;
      }
    }
    return {
      queryId: Number(row.id),
      purpose: { code: input.purposeCode, label: PURPOSES[input.purposeCode], text: input.purpose },
      departments: [...departments],
      hiddenDepartments: QUERY_DEPARTMENTS.filter((d) => !departments.includes(d)),
      masking: { idNumber: 'masked', phone: 'masked', name: clear ? 'clear' : 'masked' },
      usage: { queriesLastHour: qHour, personsToday: u.p_day + ids.length, limits: QUERY_LIMITS },
      alert,
      results,
    };
  });
}
