// Registry routes: departments, the org-unit browser, person search and detail (masked, audited),
// enterprise search, the home-page overview, and citizens' and enterprises' own records.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { DbOrTx } from '../../db/index.js';
import { CITY_CODE, divisionInScope, divisionVisible, scopeOf, type Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import { maskIdNumber, maskPhone } from '../../platform/mask.js';
import { Paging, paged } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { DEPARTMENT_TABLES } from './department-tables.js';
import { INDUSTRY_SECTIONS } from './industries.js';
import { ageOn, divisionNames, findPersonInScope, insuredHeadcount, lastClosedMonth, populationBy, searchPersons } from './registry.queries.js';

const DivisionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, msg('区划代码应为6、9或12位数字', 'a division code has 6, 9 or 12 digits'));
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const PersonQuery = Paging.extend({ q: z.string().max(40).optional(), divisionCode: DivisionCode.optional() });
const EnterpriseQuery = Paging.extend({
  q: z.string().max(60).optional(),
  divisionCode: DivisionCode.optional(),
  industry: z.string().regex(/^[A-T]$/).optional(),
});
const Purpose = z.string().trim().min(4, msg('请说明查看目的(至少4个字)', 'state the purpose (at least 4 characters)')).max(200);

/** Enterprises are placed by township; a village-level user sees those of their township. */
const enterpriseInScope = (p: Principal, townshipCode: string) => p.orgCode === CITY_CODE || townshipCode.startsWith(p.orgCode.slice(0, 9));

/** A department officer sees only their own department's tables; other staff see all. */
const seesDepartment = (p: Principal, dept: string) => p.role !== 'department_officer' || p.departmentCode === dept;

export async function registryRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => shanghaiDate(clock.now());

  r.get('/api/departments', { schema: { tags: ['registry'], summary: '部门 / Departments' }, config: { access: 'division.read' } }, async () => {
    const rows = await db.selectFrom('department').selectAll().orderBy('issuer', 'desc').orderBy('code').execute();
    return rows.map((d) => ({ code: d.code, nameZh: d.name_zh, nameEn: d.name_en, shortZh: d.short_zh, issuer: d.issuer }));
  });

  r.get(
    '/api/divisions/:code',
    { schema: { tags: ['registry'], summary: '区划与人口 / Division and population', params: z.object({ code: DivisionCode }) }, config: { access: 'division.read' } },
    async (req) => {
      const p = req.principal!;
      const { code } = req.params;
      if (!divisionVisible(p, code)) throw notFound();
      const division = await db.selectFrom('division').selectAll().where('code', '=', code).executeTakeFirst();
      if (!division) throw notFound();
      let children = await db.selectFrom('division').select(['code', 'name', 'level', 'urban']).where('parent_code', '=', code).orderBy('code').execute();
      children = children.filter((c) => divisionVisible(p, c.code));
      const childColumn = division.level === 1 ? 'district_code' : division.level === 2 ? 'township_code' : 'village_code';
      const parentScope = division.level === 1 ? scopeOf(p) : { column: (division.level === 2 ? 'district_code' : 'township_code') as 'district_code' | 'township_code', code };
      const counts = division.level < 4 ? await populationBy(db, childColumn, parentScope) : new Map<string, { population: number; households: number }>();
      // The path above this division: the city, then its district, then its township.
      const ancestorCodes = [CITY_CODE, division.district_code, division.township_code].filter((c): c is string => !!c && c !== code).slice(0, division.level - 1);
      const names = await divisionNames(db, ancestorCodes);
      const childRows = children.map((c) => ({ code: c.code, name: c.name, level: c.level, urban: c.urban, population: counts.get(c.code)?.population ?? 0, households: counts.get(c.code)?.households ?? 0 }));
      const own =
        division.level === 4
          ? ((await populationBy(db, 'village_code', { column: 'village_code', code })).get(code)?.population ?? 0)
          : childRows.reduce((sum, c) => sum + c.population, 0);
      return {
        division: { code: division.code, name: division.name, level: division.level, parentCode: division.parent_code, urban: division.urban, population: own },
        ancestors: ancestorCodes.map((c) => ({ code: c, name: names.get(c) ?? c, level: c === CITY_CODE ? 1 : c.length === 6 ? 2 : 3 })),
        children: childRows,
      };
    },
  );

  r.get('/api/persons', { schema: { tags: ['registry'], summary: '人员查询 / Person search', querystring: PersonQuery }, config: { access: 'person.read' } }, async (req) => {
    const p = req.principal!;
    const q = req.query;
    if (q.divisionCode && !divisionInScope(p, q.divisionCode)) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    const s = searchPersons(db, p, q);
    const t = today();
    return paged(q, s.count, async (limit, offset) =>
      (await s.page(limit, offset)).map((x) => ({
        id: x.id,
        name: x.name,
        sex: x.sex,
        birthDate: x.birth_date,
        age: ageOn(x.birth_date, t),
        idNumber: maskIdNumber(x.id_number),
        districtName: x.district_name,
        townshipName: x.township_name,
        villageName: x.village_name,
      })),
    );
  });

  r.get(
    '/api/persons/:id',
    { schema: { tags: ['registry'], summary: '人员详情(留痕)/ Person record (audited)', params: IdParam, querystring: z.object({ purpose: z.string().max(200).optional() }) }, config: { access: 'person.read' } },
    async (req) => {
      const p = req.principal!;
      const person = await findPersonInScope(db, p, req.params.id);
      if (!person) throw notFound({ zh: '未找到该人员,或不在您的管辖范围内', en: 'No such person, or outside your jurisdiction' });
      // The read is recorded before anything is returned.
      await writeAudit(db, clock, p, req.id, { action: 'person.read', entityType: 'person', entityId: person.id, districtCode: person.district_code, purpose: req.query.purpose ?? null });
      return personRecord(db, p, person, today());
    },
  );

  r.post(
    '/api/persons/:id/unmask',
    { schema: { tags: ['registry'], summary: '查看完整证件号与电话(留痕)/ Unmask id and phone (audited)', params: IdParam, body: z.object({ purpose: Purpose }) }, config: { access: 'person.unmask' } },
    async (req) => {
      const p = req.principal!;
      const person = await findPersonInScope(db, p, req.params.id);
      if (!person) throw notFound({ zh: '未找到该人员,或不在您的管辖范围内', en: 'No such person, or outside your jurisdiction' });
      await writeAudit(db, clock, p, req.id, { action: 'person.unmask', entityType: 'person', entityId: person.id, districtCode: person.district_code, purpose: req.body.purpose });
      return { idNumber: person.id_number, phone: person.phone };
    },
  );

  r.get('/api/enterprises', { schema: { tags: ['registry'], summary: '企业查询 / Enterprise search', querystring: EnterpriseQuery }, config: { access: 'enterprise.read' } }, async (req) => {
    const p = req.principal!;
    const q = req.query;
    const scope = scopeOf(p);
    const term = q.q?.trim();
    if (q.divisionCode && !divisionInScope(p, q.divisionCode)) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    const base = db
      .selectFrom('enterprise as e')
      .$if(scope !== null, (b) => b.where(scope!.column === 'district_code' ? 'e.district_code' : 'e.township_code', '=', scope!.column === 'village_code' ? scope!.code.slice(0, 9) : scope!.code))
      .$if(!!term && /^[0-9A-Z]{18}$/.test(term), (b) => b.where('e.credit_code', '=', term!))
      .$if(!!term && !/^[0-9A-Z]{18}$/.test(term), (b) => b.where('e.name', 'like', `%${term!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
      .$if(!!q.divisionCode, (b) => b.where(q.divisionCode!.length === 6 ? 'e.district_code' : 'e.township_code', '=', q.divisionCode!.slice(0, 9)))
      .$if(!!q.industry, (b) => b.where('e.industry_section', '=', q.industry!));
    const month = lastClosedMonth(today());
    return paged(q, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), async (limit, offset) => {
      const rows = await base
        .innerJoin('division as d', 'd.code', 'e.district_code')
        .select(['e.id', 'e.credit_code', 'e.name', 'e.industry_section', 'e.size', 'e.established_on', 'd.name as district_name'])
        .orderBy('e.id')
        .limit(limit)
        .offset(offset)
        .execute();
      const insured = await insuredHeadcount(db, rows.map((x) => x.id), month);
      return rows.map((x) => ({
        id: x.id,
        creditCode: x.credit_code,
        name: x.name,
        industrySection: x.industry_section,
        industryName: INDUSTRY_SECTIONS[x.industry_section] ?? null,
        districtName: x.district_name,
        size: x.size,
        establishedOn: x.established_on,
        insuredHeadcount: insured.get(x.id) ?? 0,
      }));
    });
  });

  r.get('/api/enterprises/:id', { schema: { tags: ['registry'], summary: '企业详情 / Enterprise', params: IdParam }, config: { access: 'enterprise.read' } }, async (req) => {
    const p = req.principal!;
    const e = await db.selectFrom('enterprise').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!e || !enterpriseInScope(p, e.township_code)) throw notFound();
    return enterpriseRecord(db, e, lastClosedMonth(today()));
  });

  r.get('/api/stats/overview', { schema: { tags: ['registry'], summary: '概览 / Overview' }, config: { access: 'division.read' } }, async (req) => {
    const p = req.principal!;
    const scope = scopeOf(p);
    const byDistrict = await populationBy(db, 'district_code', scope);
    const ent = await db
      .selectFrom('enterprise')
      .select(['district_code', (eb) => eb.fn.countAll<number>().as('n')])
      .$if(scope !== null, (b) => b.where(scope!.column === 'district_code' ? 'district_code' : 'township_code', '=', scope!.column === 'village_code' ? scope!.code.slice(0, 9) : scope!.code))
      .groupBy('district_code')
      .execute();
    const entBy = new Map(ent.map((x) => [x.district_code, Number(x.n)]));
    const districts = await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).orderBy('code').execute();
    const visible = districts.filter((d) => divisionVisible(p, d.code) && d.code !== CITY_CODE);
    const employments = await db
      .selectFrom('employment as m')
      .innerJoin('person as x', 'x.id', 'm.person_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('m.end_date', 'is', null)
      .$if(scope !== null, (b) => b.where(`x.${scope!.column}`, '=', scope!.code))
      .executeTakeFirstOrThrow();
    const rows = visible.map((d) => ({ code: d.code, name: d.name, population: byDistrict.get(d.code)?.population ?? 0, households: byDistrict.get(d.code)?.households ?? 0, enterprises: entBy.get(d.code) ?? 0 }));
    return {
      persons: rows.reduce((s, d) => s + d.population, 0),
      households: rows.reduce((s, d) => s + d.households, 0),
      enterprises: rows.reduce((s, d) => s + d.enterprises, 0),
      employments: Number(employments.n),
      districts: rows,
    };
  });

  r.get('/api/me/profile', { schema: { tags: ['self-service'], summary: '我的档案 / My profile' }, config: { access: 'self.read' } }, async (req) => {
    const p = req.principal!;
    if (p.role !== 'citizen' || !p.personId) throw notFound({ zh: '只有居民账号有个人档案', en: 'Only resident accounts have a profile' });
    const person = await db.selectFrom('person').selectAll().where('id', '=', p.personId).executeTakeFirstOrThrow();
    await writeAudit(db, clock, p, req.id, { action: 'person.read.self', entityType: 'person', entityId: person.id, districtCode: person.district_code });
    const record = await personRecord(db, p, person, today());
    return {
      person: record.person,
      household: record.person.household,
      insurance: record.departmentData.find((d) => d.table === 'hr_insurance_enrolment')?.rows ?? [],
      statuses: record.departmentData.filter((d) => d.table !== 'hr_insurance_enrolment').map((d) => ({ table: d.table, label: d.label, departmentName: d.departmentName, rows: d.rows })),
      employment: record.employment,
    };
  });

  r.get('/api/me/enterprise', { schema: { tags: ['self-service'], summary: '我的企业 / My enterprise' }, config: { access: 'self.read' } }, async (req) => {
    const p = req.principal!;
    if (p.role !== 'enterprise' || !p.enterpriseId) throw notFound({ zh: '只有企业账号有企业档案', en: 'Only enterprise accounts have an enterprise record' });
    const e = await db.selectFrom('enterprise').selectAll().where('id', '=', p.enterpriseId).executeTakeFirstOrThrow();
    return enterpriseRecord(db, e, lastClosedMonth(today()));
  });
}

type PersonRow = NonNullable<Awaited<ReturnType<typeof findPersonInScope>>>;

async function personRecord(db: DbOrTx, p: Principal, person: PersonRow, today: string) {
  const names = await divisionNames(db, [person.hukou_district_code, person.hukou_village_code, person.district_code, person.township_code, person.village_code]);
  const members = person.household_id
    ? await db.selectFrom('person').select(['id', 'name', 'relation', 'sex', 'birth_date']).where('household_id', '=', person.household_id).orderBy('id').execute()
    : [];
  const seesHr = seesDepartment(p, 'hrss');
  const employment = seesHr
    ? await db
        .selectFrom('employment as m')
        .innerJoin('enterprise as e', 'e.id', 'm.enterprise_id')
        .select(['m.enterprise_id', 'e.name', 'm.start_date', 'm.end_date', 'm.monthly_wage_fen'])
        .where('m.person_id', '=', person.id)
        .orderBy('m.start_date', 'desc')
        .execute()
    : [];
  const contributions = seesHr
    ? await db
        .selectFrom('contribution')
        .select(['month', 'base_fen', 'pension_fen', 'unemployment_fen', 'injury_fen'])
        .where('person_id', '=', person.id)
        .orderBy('month', 'desc')
        .limit(24)
        .execute()
    : [];
  const deps = await db.selectFrom('department').select(['code', 'name_zh', 'name_en']).execute();
  const depName = new Map(deps.map((d) => [d.code, { zh: d.name_zh, en: d.name_en }]));
  const departmentData = [];
  for (const t of DEPARTMENT_TABLES) {
    if (!seesDepartment(p, t.department)) continue;
    // Table and column names come from DEPARTMENT_TABLES, never from the request.
    const rows = (await db
      .selectFrom(t.table as 'veteran')
      .select(t.columns as unknown as 'discharge_date'[])
      .where('person_id', '=', person.id)
      .orderBy(t.orderBy as 'discharge_date')
      .execute()) as Record<string, unknown>[];
    if (t.table === 'police_hukou_move') {
      // Show the places of a hukou move by name, not by code.
      const moveNames = await divisionNames(db, rows.flatMap((m) => [String(m.from_village_code), String(m.to_village_code)]));
      for (const m of rows) {
        m.from_village_code = moveNames.get(String(m.from_village_code)) ?? m.from_village_code;
        m.to_village_code = moveNames.get(String(m.to_village_code)) ?? m.to_village_code;
      }
    }
    if (rows.length) departmentData.push({ department: t.department, departmentName: depName.get(t.department) ?? null, table: t.table, label: t.label, rows });
  }
  return {
    person: {
      id: person.id,
      name: person.name,
      sex: person.sex,
      birthDate: person.birth_date,
      age: ageOn(person.birth_date, today),
      idNumber: maskIdNumber(person.id_number),
      phone: maskPhone(person.phone),
      education: person.education,
      hukou: { districtCode: person.hukou_district_code, districtName: names.get(person.hukou_district_code) ?? null, villageCode: person.hukou_village_code, villageName: names.get(person.hukou_village_code) ?? null },
      residence: {
        districtCode: person.district_code,
        districtName: names.get(person.district_code) ?? null,
        townshipCode: person.township_code,
        townshipName: names.get(person.township_code) ?? null,
        villageCode: person.village_code,
        villageName: names.get(person.village_code) ?? null,
      },
      household: person.household_id
        ? { id: person.household_id, members: members.map((m) => ({ id: m.id, name: m.name, relation: m.relation, sex: m.sex, age: ageOn(m.birth_date, today) })) }
        : null,
    },
    employment: employment.map((m) => ({ enterpriseId: m.enterprise_id, enterpriseName: m.name, startDate: m.start_date, endDate: m.end_date, monthlyWageFen: m.monthly_wage_fen })),
    contributions: { months: contributions.map((c) => ({ month: c.month, baseFen: c.base_fen, pensionFen: c.pension_fen, unemploymentFen: c.unemployment_fen, injuryFen: c.injury_fen })) },
    departmentData,
    batch: { id: person.batch_id },
  };
}

async function enterpriseRecord(db: DbOrTx, e: { id: number; credit_code: string; name: string; industry_section: string; district_code: string; township_code: string; size: string; established_on: string }, month: string) {
  const names = await divisionNames(db, [e.district_code, e.township_code]);
  const employees = await db
    .selectFrom('employment')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('enterprise_id', '=', e.id)
    .where('end_date', 'is', null)
    .executeTakeFirstOrThrow();
  const insured = await insuredHeadcount(db, [e.id], month);
  return {
    id: e.id,
    creditCode: e.credit_code,
    name: e.name,
    industrySection: e.industry_section,
    industryName: INDUSTRY_SECTIONS[e.industry_section] ?? null,
    districtCode: e.district_code,
    districtName: names.get(e.district_code) ?? null,
    townshipName: names.get(e.township_code) ?? null,
    size: e.size,
    establishedOn: e.established_on,
    employees: Number(employees.n),
    insuredHeadcount: insured.get(e.id) ?? 0,
    insuredMonth: month,
  };
}
