// Routes of the unemployment early warning (失业预警, M8): the warnings of a month, the board's
// summary, one enterprise's monthly headcount, and the monthly run (city level). Reads are limited to
// the reader's district or township by the enterprise's registered place.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { DbOrTx } from '../../db/index.js';
import type { WarningKind } from '../../db/schema.js';
import { CITY_CODE, scopeOf, type Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import { paged, Paging } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { INDUSTRY_SECTIONS } from '../registry/index.js';
import { addMonths, runMonthlyWarnings, WARNING_KINDS } from './warnings.js';

const tags = ['employment'];
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg('月份格式为 YYYY-MM', 'a month is YYYY-MM'));

const ListQuery = Paging.extend({
  month: Month.optional(),
  kind: z.enum(WARNING_KINDS).optional(),
  district: z.string().regex(/^\d{6}$/, msg('区县代码为6位数字', 'a district code is 6 digits')).optional(),
  industry: z.string().regex(/^[A-T]$/, msg('行业门类为A-T中的一个字母', 'an industry section is one letter A-T')).optional(),
});
const SummaryQuery = z.object({ months: z.coerce.number().int().min(1).max(36).default(12) });
const RunBody = z.object({ month: Month });

/** The enterprise column a reader is limited to: their district, or their township (a village's township). */
export function enterpriseScope(p: Principal): { column: 'district_code' | 'township_code'; code: string } | null {
  const s = scopeOf(p);
  if (!s) return null;
  return s.column === 'district_code' ? { column: 'district_code', code: s.code } : { column: 'township_code', code: s.code.slice(0, 9) };
}

const monthOf = (d: string) => String(d).slice(0, 7);
const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
const emptyCounts = () => Object.fromEntries(WARNING_KINDS.map((k) => [k, 0])) as Record<WarningKind, number>;

/** The months with warnings the reader can see, latest first. */
async function warningMonths(db: DbOrTx, p: Principal): Promise<string[]> {
  const s = enterpriseScope(p);
  const rows = await db
    .selectFrom('employment_warning as w')
    .innerJoin('enterprise as en', 'en.id', 'w.enterprise_id')
    .select('w.month')
    .distinct()
    .$if(!!s, (q) => q.where(`en.${s!.column}`, '=', s!.code))
    .orderBy('w.month', 'desc')
    .limit(60)
    .execute();
  return rows.map((r) => monthOf(r.month));
}

export function warningRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  r.get('/api/employment/warnings', { schema: { tags, summary: '失业预警列表 / Early warnings of a month', querystring: ListQuery }, config: { access: 'employment.read' } }, async (req) => {
    const p = req.principal!;
    const { page, pageSize, kind, district, industry } = req.query;
    const months = await warningMonths(db, p);
    const month = req.query.month ?? months[0] ?? null;
    if (month === null) return { items: [], total: 0, page, pageSize, month, months };
    const s = enterpriseScope(p);
    const base = db
      .selectFrom('employment_warning as w')
      .innerJoin('enterprise as en', 'en.id', 'w.enterprise_id')
      .where('w.month', '=', `${month}-01`)
      .$if(!!s, (q) => q.where(`en.${s!.column}`, '=', s!.code))
      .$if(!!kind, (q) => q.where('w.kind', '=', kind!))
      .$if(!!district, (q) => q.where('en.district_code', '=', district!))
      .$if(!!industry, (q) => q.where('en.industry_section', '=', industry!));
    const result = await paged(
      { page, pageSize },
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      (limit, offset) =>
        base
          .innerJoin('division as d', 'd.code', 'en.district_code')
          .leftJoin('case_record as c', 'c.id', 'w.case_id')
          .select(['w.id', 'w.enterprise_id', 'en.name', 'en.credit_code', 'en.district_code', 'd.name as district_name', 'en.township_code', 'en.industry_section', 'w.month', 'w.kind', 'w.details', 'w.case_id', 'c.state as case_state', 'c.final as case_final'])
          .orderBy('en.district_code')
          .orderBy('w.enterprise_id')
          .orderBy('w.kind')
          .limit(limit)
          .offset(offset)
          .execute(),
    );
    return {
      ...result,
      items: result.items.map((w) => ({
        id: Number(w.id),
        enterpriseId: Number(w.enterprise_id),
        enterpriseName: w.name,
        creditCode: w.credit_code,
        districtCode: w.district_code,
        districtName: w.district_name,
        townshipCode: w.township_code,
        industrySection: w.industry_section,
        industryName: INDUSTRY_SECTIONS[w.industry_section]?.zh ?? w.industry_section,
        month: monthOf(w.month),
        kind: w.kind,
        details: json(w.details),
        caseId: w.case_id === null ? null : Number(w.case_id),
        caseState: w.case_state,
        caseFinal: w.case_final,
      })),
      month,
      months,
    };
  });

  r.get('/api/employment/warnings/summary', { schema: { tags, summary: '失业预警看板 / Early-warning board', querystring: SummaryQuery }, config: { access: 'employment.read' } }, async (req) => {
    const p = req.principal!;
    const s = enterpriseScope(p);
    const township = s?.column === 'township_code';
    // The headcount table carries the district; a township reader needs the enterprise's township.
    const headcount = () =>
      db
        .selectFrom('enterprise_headcount as h')
        .$if(township, (q) => q.innerJoin('enterprise as en', 'en.id', 'h.enterprise_id').where('en.township_code', '=', s!.code))
        .$if(s?.column === 'district_code', (q) => q.where('h.district_code', '=', s!.code));
    const warnings = () => db.selectFrom('employment_warning as w').innerJoin('enterprise as en', 'en.id', 'w.enterprise_id').$if(!!s, (q) => q.where(`en.${s!.column}`, '=', s!.code));

    const latestRow = await headcount().select(sql<string | null>`max(h.month)`.as('m')).executeTakeFirst();
    const month = latestRow?.m ? monthOf(latestRow.m) : null;
    if (month === null) return { month: null, months: req.query.months, trend: [], byDistrict: [], byIndustry: [], totals: { insured: 0, previous: 0, change: 0, warnings: 0 } };
    const first = addMonths(month, -(req.query.months - 1));
    const previous = addMonths(month, -1);
    const [cur, prev] = [`${month}-01`, `${previous}-01`];

    const [trendRows, trendWarnings, districtRows, industryRows, districtWarnings, industryWarnings, districts] = await Promise.all([
      headcount()
        .select(['h.month', sql<number>`sum(h.insured)::int`.as('insured'), sql<number>`sum(h.owed)::int`.as('owed'), sql<number>`count(*) FILTER (WHERE h.insured > 0)::int`.as('enterprises')])
        .where('h.month', '>=', `${first}-01`)
        .where('h.month', '<=', cur)
        .groupBy('h.month')
        .execute(),
      warnings().select(['w.month', 'w.kind', sql<number>`count(*)::int`.as('n')]).where('w.month', '>=', `${first}-01`).where('w.month', '<=', cur).groupBy(['w.month', 'w.kind']).execute(),
      headcount()
        .select(['h.district_code as key', sql<number>`coalesce(sum(h.insured) FILTER (WHERE h.month = ${cur}), 0)::int`.as('insured'), sql<number>`coalesce(sum(h.insured) FILTER (WHERE h.month = ${prev}), 0)::int`.as('previous')])
        .where('h.month', 'in', [cur, prev])
        .groupBy('h.district_code')
        .execute(),
      headcount()
        .select(['h.industry_section as key', sql<number>`coalesce(sum(h.insured) FILTER (WHERE h.month = ${cur}), 0)::int`.as('insured'), sql<number>`coalesce(sum(h.insured) FILTER (WHERE h.month = ${prev}), 0)::int`.as('previous')])
        .where('h.month', 'in', [cur, prev])
        .groupBy('h.industry_section')
        .execute(),
      warnings().select(['en.district_code as key', sql<number>`count(*)::int`.as('n')]).where('w.month', '=', cur).groupBy('en.district_code').execute(),
      warnings().select(['en.industry_section as key', sql<number>`count(*)::int`.as('n')]).where('w.month', '=', cur).groupBy('en.industry_section').execute(),
      db
        .selectFrom('division')
        .select(['code', 'name'])
        .where('level', '=', 2)
        .$if(!!s, (q) => q.where('code', '=', s!.code.slice(0, 6)))
        .orderBy('code')
        .execute(),
    ]);

    const trend = [];
    for (let m = first; m <= month; m = addMonths(m, 1)) {
      const h = trendRows.find((x) => monthOf(x.month) === m);
      const counts = emptyCounts();
      for (const w of trendWarnings.filter((x) => monthOf(x.month) === m)) counts[w.kind] = w.n;
      trend.push({ month: m, insured: h?.insured ?? 0, owed: h?.owed ?? 0, enterprises: h?.enterprises ?? 0, warnings: { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) } });
    }
    const row = (rows: { key: string; insured: number; previous: number }[], ws: { key: string; n: number }[], key: string) => {
      const h = rows.find((x) => x.key === key);
      const insured = h?.insured ?? 0;
      const before = h?.previous ?? 0;
      return { insured, previous: before, change: insured - before, warnings: ws.find((x) => x.key === key)?.n ?? 0 };
    };
    const byDistrict = districts.map((d) => ({ code: d.code, name: d.name, ...row(districtRows, districtWarnings, d.code) }));
    const sections = [...new Set([...industryRows.map((x) => x.key), ...industryWarnings.map((x) => x.key)])].sort();
    const byIndustry = sections.map((k) => ({ section: k, name: INDUSTRY_SECTIONS[k]?.zh ?? k, nameEn: INDUSTRY_SECTIONS[k]?.en ?? k, ...row(industryRows, industryWarnings, k) }));
    const sum = (f: (x: { insured: number; previous: number; warnings: number }) => number) => byIndustry.reduce((a, x) => a + f(x), 0);
    return {
      month,
      months: req.query.months,
      trend,
      byDistrict,
      byIndustry,
      totals: { insured: sum((x) => x.insured), previous: sum((x) => x.previous), change: sum((x) => x.insured - x.previous), warnings: sum((x) => x.warnings) },
    };
  });

  r.get(
    '/api/employment/enterprises/:id/headcount',
    { schema: { tags, summary: '企业参保人数变化 / An enterprise’s monthly headcount', params: z.object({ id: z.coerce.number().int().positive() }) }, config: { access: 'employment.read' } },
    async (req) => {
      const p = req.principal!;
      const s = enterpriseScope(p);
      const e = await db
        .selectFrom('enterprise as en')
        .innerJoin('division as d', 'd.code', 'en.district_code')
        .select(['en.id', 'en.name', 'en.credit_code', 'en.district_code', 'd.name as district_name', 'en.township_code', 'en.industry_section', 'en.size'])
        .where('en.id', '=', req.params.id)
        .$if(!!s, (q) => q.where(`en.${s!.column}`, '=', s!.code))
        .executeTakeFirst();
      if (!e) throw notFound();
      const [series, warnings] = await Promise.all([
        db.selectFrom('enterprise_headcount').select(['month', 'insured', 'owed']).where('enterprise_id', '=', e.id).orderBy('month').execute(),
        db
          .selectFrom('employment_warning as w')
          .leftJoin('case_record as c', 'c.id', 'w.case_id')
          .select(['w.id', 'w.month', 'w.kind', 'w.details', 'w.case_id', 'c.state as case_state', 'c.final as case_final'])
          .where('w.enterprise_id', '=', e.id)
          .orderBy('w.month', 'desc')
          .orderBy('w.kind')
          .execute(),
      ]);
      return {
        enterprise: { id: Number(e.id), name: e.name, creditCode: e.credit_code, districtCode: e.district_code, districtName: e.district_name, townshipCode: e.township_code, industrySection: e.industry_section, industryName: INDUSTRY_SECTIONS[e.industry_section]?.zh ?? e.industry_section, size: e.size },
        series: series.map((h) => ({ month: monthOf(h.month), insured: h.insured, owed: h.owed })),
        warnings: warnings.map((w) => ({ id: Number(w.id), month: monthOf(w.month), kind: w.kind, details: json(w.details), caseId: w.case_id === null ? null : Number(w.case_id), caseState: w.case_state, caseFinal: w.case_final })),
      };
    },
  );

  r.post('/api/employment/warnings/run', { schema: { tags, summary: '运行失业预警 / Run the monthly early warning', body: RunBody }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    if (p.orgCode !== CITY_CODE) throw new AppError('FORBIDDEN', { zh: '失业预警由市级统一运行', en: 'The early warning is run by city-level staff' });
    // A month still under way has only part of its contributions: every enterprise would seem to shrink.
    const current = shanghaiDate(clock.now()).slice(0, 7);
    if (req.body.month >= current)
      throw new AppError('VALIDATION', { zh: '只能对已结束的月份运行预警', en: 'Only a month that has ended can be run' }, [{ path: 'month', message: `须早于${current}`, messageEn: `must be before ${current}` }]);
    const result = await runMonthlyWarnings(db, clock, { month: req.body.month });
    await writeAudit(db, clock, p, req.id, { action: 'employment.warnings.run', entityType: 'employment_warning', entityId: req.body.month });
    return result;
  });
}
