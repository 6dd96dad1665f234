// Rules routes: the fact catalogue, policies and their versions, live expression checks, fact
// snapshots, runs and their outreach lists, per-entity explanations, and simulations.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { Db } from '../../db/index.js';
import { CITY_CODE, divisionInScope, scopeOf, type Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import { maskIdNumber } from '../../platform/mask.js';
import { Paging, paged } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { visibleFacts } from './catalogue.js';
import { explainPolicy } from './explain.js';
import { checkExpr, ExprError, factsOf } from './expr.js';
import { activateVersion, activeVersionIds, loadCompiled, saveVersion, validateDefinition } from './policies.service.js';
import type { CompiledPolicy, PolicyDefinition } from './policy.js';
import { createRun, executeRun, type ChunkHook } from './run.js';
import { simulate } from './simulate.js';
import type { FactRow } from './interpret.js';
import { buildSnapshot, getReadySnapshot, readFactRow, readFactRows } from './snapshot.js';
import { policyFacts, readTrace } from './trace.js';

const Entity = z.enum(['person', 'household', 'enterprise', 'employment']);
const PolicyId = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{2,63}$/) });
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const DistrictCode = z.string().regex(/^\d{6}$/, msg('区县代码应为6位数字', 'a district code has 6 digits'));
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg('月份格式应为 YYYY-MM', 'a month is YYYY-MM'));
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, msg('日期格式应为 YYYY-MM-DD', 'a date is YYYY-MM-DD'));

/** A department officer manages only their department's policies; the city admin manages all. */
function ownsPolicy(p: Principal, departmentCode: string): boolean {
  return p.role !== 'department_officer' || p.departmentCode === departmentCode;
}

/** District visibility of outreach and explanations: staff see their district (or below). */
function districtAllowed(p: Principal, districtCode: string): boolean {
  return p.orgCode === CITY_CODE || divisionInScope(p, districtCode) || p.orgCode.startsWith(districtCode);
}

export type RulesOptions = { onChunk?: ChunkHook; parallel?: number };

export async function rulesRoutes(app: FastifyInstance, ctx: AppContext, opts: RulesOptions = {}): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  // Closing the app waits for runs in flight, so that the database is not closed under them.
  app.addHook('onClose', async () => settleRuns());

  r.get('/api/facts', { schema: { tags: ['rules'], summary: '事实目录 / Fact catalogue', querystring: z.object({ entity: Entity }) }, config: { access: 'policy.read' } }, async (req) => {
    return [...visibleFacts(req.query.entity).values()].map((f) => ({
      path: f.path,
      namespace: f.namespace,
      type: f.type,
      zh: f.zh,
      en: f.en,
      department: f.department,
      unit: f.unit ?? null,
      values: f.values ?? null,
    }));
  });

  r.post(
    '/api/rules/check',
    { schema: { tags: ['rules'], summary: '表达式校验 / Check an expression', body: z.object({ entity: Entity, expr: z.string().max(4000), want: z.enum(['bool', 'int']) }) }, config: { access: 'policy.read' } },
    async (req) => {
      try {
        const node = checkExpr(req.body.expr, req.body.entity, req.body.want);
        return { ok: true as const, facts: [...factsOf(node)].sort() };
      } catch (e) {
        if (e instanceof ExprError) return { ok: false as const, message: e.zh, messageEn: e.en, position: e.position };
        throw e;
      }
    },
  );

  r.post('/api/policies/validate', { schema: { tags: ['rules'], summary: '校验政策定义 / Validate a definition', body: z.object({ definition: z.unknown() }) }, config: { access: 'policy.read' } }, async (req) => {
    try {
      const { compiled } = validateDefinition(req.body.definition);
      return { ok: true as const, hash: compiled.hash, issues: [] };
    } catch (e) {
      if (e instanceof AppError && e.code === 'VALIDATION') return { ok: false as const, hash: null, issues: (e.details as unknown[]) ?? [] };
      throw e;
    }
  });

  r.get('/api/policies', { schema: { tags: ['rules'], summary: '政策列表 / Policies' }, config: { access: 'policy.read' } }, async () => {
    const rows = await db
      .selectFrom('policy')
      .leftJoin('policy_version as v', 'v.id', 'policy.active_version_id')
      .innerJoin('department as d', 'd.code', 'policy.department_code')
      .select(['policy.id', 'policy.entity', 'policy.department_code', 'policy.latest_version', 'v.id as version_id', 'v.version', 'v.hash', 'v.name_zh', 'v.name_en', 'v.definition', 'd.short_zh', 'd.name_en as dept_en'])
      .orderBy('policy.id')
      .execute();
    const counts = await sql<{ policy_id: string; n: number; fen: number }>`SELECT policy_id, count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS fen FROM entitlement WHERE status <> 'excluded' AND status <> 'declined' GROUP BY policy_id`.execute(db);
    const byPolicy = new Map(counts.rows.map((c) => [c.policy_id, c]));
    return rows.map((p) => {
      const def = p.definition as PolicyDefinition | null;
      return {
        id: p.id,
        entity: p.entity,
        department: { code: p.department_code, zh: p.short_zh, en: p.dept_en },
        activeVersion: p.version_id ? { id: p.version_id, version: p.version!, hash: p.hash! } : null,
        latestVersion: p.latest_version,
        name: { zh: p.name_zh ?? p.id, en: p.name_en ?? p.id },
        delivery: def?.delivery ?? null,
        frequency: def?.amount.frequency ?? null,
        measures: def?.measures ?? [],
        effective: def?.effective ?? null,
        entitlements: byPolicy.get(p.id)?.n ?? 0,
        amountFen: byPolicy.get(p.id)?.fen ?? 0,
      };
    });
  });

  r.get('/api/policies/:id', { schema: { tags: ['rules'], summary: '政策详情 / Policy detail', params: PolicyId }, config: { access: 'policy.read' } }, async (req) => {
    const p = await db.selectFrom('policy').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!p) throw notFound();
    const versions = await db
      .selectFrom('policy_version')
      .leftJoin('app_user as u', 'u.id', 'policy_version.created_by')
      .select(['policy_version.id', 'version', 'hash', 'source', 'note', 'policy_version.created_at', 'u.display_name', 'definition'])
      .where('policy_id', '=', p.id)
      .orderBy('version', 'desc')
      .execute();
    const events = await db
      .selectFrom('policy_event')
      .leftJoin('app_user as u', 'u.id', 'policy_event.actor_id')
      .leftJoin('policy_version as v', 'v.id', 'policy_event.version_id')
      .select(['policy_event.id', 'action', 'at', 'u.display_name', 'v.version'])
      .where('policy_event.policy_id', '=', p.id)
      .orderBy('policy_event.id', 'desc')
      .execute();
    const active = versions.find((v) => v.id === p.active_version_id) ?? null;
    return {
      id: p.id,
      entity: p.entity,
      departmentCode: p.department_code,
      activeVersionId: p.active_version_id,
      definition: (active ?? versions[0])!.definition as PolicyDefinition,
      versions: versions.map((v) => ({ id: v.id, version: v.version, hash: v.hash, source: v.source, note: v.note, createdAt: v.created_at, createdBy: v.display_name, active: v.id === p.active_version_id, definition: v.definition as PolicyDefinition })),
      events: events.map((e) => ({ id: e.id, action: e.action, at: e.at, by: e.display_name, version: e.version })),
    };
  });

  r.post(
    '/api/policies',
    { schema: { tags: ['rules'], summary: '新建政策 / Create a policy', body: z.object({ definition: z.unknown(), note: z.string().max(500).optional() }) }, config: { access: 'policy.write' } },
    async (req, reply) => {
      const parsed = validateDefinition(req.body.definition);
      const exists = await db.selectFrom('policy').select('id').where('id', '=', parsed.def.id).executeTakeFirst();
      if (exists) throw new AppError('CONFLICT', { zh: `政策编号 ${parsed.def.id} 已存在`, en: `Policy ${parsed.def.id} already exists` });
      const res = await saveVersion(db, { definition: req.body.definition, source: 'editor', note: req.body.note ?? null, actor: req.principal!, activate: false });
      return reply.status(201).send(res);
    },
  );

  r.post(
    '/api/policies/:id/versions',
    { schema: { tags: ['rules'], summary: '保存新版本 / Save a new version', params: PolicyId, body: z.object({ definition: z.unknown(), note: z.string().max(500).optional() }) }, config: { access: 'policy.write' } },
    async (req, reply) => {
      const p = await db.selectFrom('policy').select(['department_code']).where('id', '=', req.params.id).executeTakeFirst();
      if (!p) throw notFound();
      if (!ownsPolicy(req.principal!, p.department_code)) throw new AppError('FORBIDDEN', { zh: '只能编辑本部门的政策', en: 'You may edit only your own department’s policies' });
      const res = await saveVersion(db, { definition: req.body.definition, source: 'editor', note: req.body.note ?? null, actor: req.principal!, activate: false, expectPolicyId: req.params.id });
      return reply.status(res.unchanged ? 200 : 201).send(res);
    },
  );

  r.post(
    '/api/policies/:id/activate',
    { schema: { tags: ['rules'], summary: '启用版本 / Activate a version', params: PolicyId, body: z.object({ versionId: z.number().int().positive() }) }, config: { access: 'policy.write' } },
    async (req) => {
      await activateVersion(db, req.params.id, req.body.versionId, req.principal!);
      return { ok: true };
    },
  );

  // --- Snapshots and runs ------------------------------------------------------------------------
  r.get('/api/snapshots', { schema: { tags: ['rules'], summary: '数据快照 / Fact snapshots' }, config: { access: 'policy.read' } }, async () => {
    const rows = await db.selectFrom('fact_snapshot').selectAll().orderBy('id', 'desc').limit(50).execute();
    return rows.map((s) => ({ id: s.id, asOf: s.as_of, status: s.status, contentHash: s.content_hash, rowCounts: s.row_counts, createdAt: s.created_at, finishedAt: s.finished_at }));
  });

  r.post(
    '/api/snapshots',
    { schema: { tags: ['rules'], summary: '生成数据快照 / Build a fact snapshot', body: z.object({ asOf: IsoDate.optional() }) }, config: { access: 'run.execute' } },
    async (req, reply) => {
      const asOf = req.body.asOf ?? shanghaiDate(clock.now());
      const s = await buildSnapshot(db, { asOf, actorId: req.principal!.userId });
      return reply.status(201).send(s);
    },
  );

  r.get('/api/runs', { schema: { tags: ['rules'], summary: '比对运行 / Runs' }, config: { access: 'policy.read' } }, async () => {
    const rows = await db.selectFrom('policy_run').leftJoin('app_user as u', 'u.id', 'policy_run.created_by').selectAll('policy_run').select('u.display_name').orderBy('id', 'desc').limit(50).execute();
    return rows.map(runView);
  });

  r.get('/api/runs/:id', { schema: { tags: ['rules'], summary: '运行进度 / Run progress', params: IdParam }, config: { access: 'policy.read' } }, async (req) => {
    const row = await db.selectFrom('policy_run').leftJoin('app_user as u', 'u.id', 'policy_run.created_by').selectAll('policy_run').select('u.display_name').where('policy_run.id', '=', req.params.id).executeTakeFirst();
    if (!row) throw notFound();
    // Staff below the city see the counts of their own district only.
    const p = req.principal!;
    const district = p.orgCode === CITY_CODE ? null : p.orgCode.slice(0, 6);
    const inDistrict = district ? sql`AND district_code = ${district}` : sql``;
    const byPolicy = await sql<{ policy_id: string; status: string; n: number; fen: number }>`
      SELECT policy_id, status, count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS fen FROM entitlement WHERE run_id = ${row.id} ${inDistrict} GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
    const outreach = await sql<{ policy_id: string; kind: string; n: number }>`SELECT policy_id, kind, count(*)::int AS n FROM run_outreach WHERE run_id = ${row.id} ${inDistrict} GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
    const view = runView(row);
    if (district) {
      view.entitlementsCreated = byPolicy.rows.reduce((x, r) => x + r.n, 0);
      view.nearMiss = outreach.rows.filter((r) => r.kind === 'near_miss').reduce((x, r) => x + r.n, 0);
      view.missingData = outreach.rows.filter((r) => r.kind === 'missing_data').reduce((x, r) => x + r.n, 0);
    }
    return { ...view, scopeDistrictCode: district, byPolicy: byPolicy.rows, outreach: outreach.rows };
  });

  r.post(
    '/api/runs',
    {
      schema: {
        tags: ['rules'],
        summary: '发起比对运行 / Start a run',
        body: z.object({ snapshotId: z.number().int().positive().optional(), policyIds: z.array(PolicyId.shape.id).max(100).optional(), periodMonth: Month.optional() }),
      },
      config: { access: 'run.execute' },
    },
    async (req, reply) => {
      const p = req.principal!;
      let policyIds = req.body.policyIds;
      if (p.role === 'department_officer') {
        const own = (await db.selectFrom('policy').select('id').where('department_code', '=', p.departmentCode ?? '').execute()).map((x) => x.id);
        if (policyIds?.some((id) => !own.includes(id))) throw new AppError('FORBIDDEN', { zh: '只能运行本部门的政策', en: 'You may run only your own department’s policies' });
        policyIds = policyIds ?? own;
        if (policyIds.length === 0) throw new AppError('CONFLICT', { zh: '本部门还没有政策', en: 'Your department has no policies yet' });
      }
      const id = await createRun(db, { ...(req.body.snapshotId ? { snapshotId: req.body.snapshotId } : {}), ...(req.body.periodMonth ? { periodMonth: req.body.periodMonth } : {}), ...(policyIds ? { policyIds } : {}), actorId: p.userId });
      startInBackground(db, id, opts, (e) => req.log.error({ err: { message: (e as Error).message }, runId: id }, 'run failed'));
      return reply.status(202).send({ id });
    },
  );

  r.get(
    '/api/runs/:id/outreach',
    {
      schema: {
        tags: ['rules'],
        summary: '差一条/缺数据名单 / Near-miss and missing-data lists',
        params: IdParam,
        querystring: Paging.extend({ kind: z.enum(['near_miss', 'missing_data']), policyId: z.string().max(64).optional(), districtCode: DistrictCode.optional() }),
      },
      config: { access: 'entitlement.read' },
    },
    async (req) => {
      const p = req.principal!;
      const q = req.query;
      const scope = scopeOf(p);
      if (q.districtCode && !districtAllowed(p, q.districtCode)) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
      const base = db
        .selectFrom('run_outreach as o')
        .leftJoin('person as pe', (j) => j.onRef('pe.id', '=', 'o.entity_id').on('o.entity_type', '=', 'person'))
        .where('o.run_id', '=', req.params.id)
        .where('o.kind', '=', q.kind)
        .$if(!!q.policyId, (b) => b.where('o.policy_id', '=', q.policyId!))
        .$if(!!q.districtCode, (b) => b.where('o.district_code', '=', q.districtCode!))
        .$if(scope?.column === 'district_code', (b) => b.where('o.district_code', '=', scope!.code))
        .$if(scope !== null && scope.column !== 'district_code', (b) => b.where('o.entity_type', '=', 'person').where(`pe.${scope!.column}` as 'pe.township_code', '=', scope!.code));
      const versions = new Map<number, CompiledPolicy>();
      const result = await paged(q, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), async (limit, offset) => {
        const rows = await base
          .select(['o.policy_id', 'o.policy_version_id', 'o.entity_type', 'o.entity_id', 'o.district_code', 'o.kind', 'o.criteria', 'o.margin', 'o.trace', 'pe.name', 'pe.id_number', 'pe.phone'])
          .orderBy('o.district_code')
          .orderBy('o.policy_id')
          .orderBy('o.entity_id')
          .limit(limit)
          .offset(offset)
          .execute();
        const need = [...new Set(rows.map((x) => x.policy_version_id))].filter((id) => !versions.has(id));
        if (need.length) for (const c of await loadCompiled(db, need)) versions.set(c.versionId, c);
        const traced = rows.map((x) => ({ x, trace: readTrace(x.trace) }));
        // The facts the criteria read: the entities' rows in the run's snapshot (older traces carry them).
        const lookUp = traced.filter((r) => !r.trace.facts).map((r) => r.x);
        const factRows = new Map<string, Map<number, FactRow>>();
        if (lookUp.length > 0) {
          const run = await db.selectFrom('policy_run').select('snapshot_id').where('id', '=', req.params.id).executeTakeFirstOrThrow();
          for (const entity of new Set(lookUp.map((x) => x.entity_type))) {
            const keys = lookUp.filter((x) => x.entity_type === entity).map((x) => ({ entityId: x.entity_id, districtCode: x.district_code }));
            factRows.set(entity, await readFactRows(db, entity, run.snapshot_id, keys));
          }
        }
        return traced.map(({ x, trace }) => {
          const policy = versions.get(x.policy_version_id)!;
          const def = policy.def;
          return {
            policyId: x.policy_id,
            policyName: def.name,
            entityType: x.entity_type,
            entityId: x.entity_id,
            districtCode: x.district_code,
            name: x.name ?? null,
            idNumber: x.id_number ? maskIdNumber(x.id_number) : null,
            kind: x.kind,
            criteria: (x.criteria as number[]).map((i) => ({ index: i, label: def.criteria[i]!.label, value: trace.criteria[i]?.value ?? null, margin: trace.criteria[i]?.margin ?? null })),
            margin: x.margin,
            facts: trace.facts ?? policyFacts(policy, x.entity_type, factRows.get(x.entity_type)?.get(x.entity_id)),
          };
        });
      });
      return result;
    },
  );

  // --- Explanations --------------------------------------------------------------------------------
  r.get(
    '/api/explain/:entity/:id',
    {
      schema: { tags: ['rules'], summary: '逐条解释 / Explain the determination of one entity', params: z.object({ entity: Entity, id: z.coerce.number().int().positive() }), querystring: z.object({ snapshotId: z.coerce.number().int().positive().optional() }) },
      config: { access: 'entitlement.read' },
    },
    async (req) => {
      const p = req.principal!;
      const snap = await getReadySnapshot(db, req.query.snapshotId);
      const row = await readFactRow(db, req.params.entity, snap.id, req.params.id);
      if (!row) throw notFound({ zh: '该对象不在这个数据快照中，或不在您的管辖范围内', en: 'Not in this snapshot, or outside your jurisdiction' });
      const district = row.district_code as string;
      if (!districtAllowed(p, district)) throw notFound();
      const scope = scopeOf(p);
      if (scope && scope.column !== 'district_code') {
        // Township and village staff: persons of their own area only.
        const person = req.params.entity === 'person' ? await db.selectFrom('person').select(['township_code', 'village_code']).where('id', '=', req.params.id).executeTakeFirst() : undefined;
        if (!person || person[scope.column as 'township_code' | 'village_code'] !== scope.code) throw notFound();
      }
      const versionIds = await activeVersionIds(db, snap.as_of);
      const policies = (await loadCompiled(db, versionIds)).filter((c) => c.def.entity === req.params.entity);
      await writeAudit(db, clock, p, req.id, { action: `${req.params.entity}.explain`, entityType: req.params.entity, entityId: req.params.id, districtCode: district });
      const entitlements = await db
        .selectFrom('entitlement')
        .select(['id', 'policy_id', 'period', 'amount_fen', 'status', 'excluded_by', 'run_id', 'snapshot_id', 'rule_hash'])
        .where('entity_type', '=', req.params.entity)
        .where('entity_id', '=', req.params.id)
        .orderBy('id', 'desc')
        .execute();
      const subject =
        req.params.entity === 'person'
          ? await db.selectFrom('person').select(['name', 'id_number']).where('id', '=', req.params.id).executeTakeFirst()
          : req.params.entity === 'enterprise'
            ? await db.selectFrom('enterprise').select(['name', 'credit_code as id_number']).where('id', '=', req.params.id).executeTakeFirst()
            : undefined;
      return {
        entity: req.params.entity,
        entityId: req.params.id,
        // Who this is about: the name, and the id number masked (credit codes are public).
        subject: subject ? { name: subject.name, idNumber: req.params.entity === 'person' ? maskIdNumber(subject.id_number) : subject.id_number } : null,
        districtCode: district,
        snapshot: { id: snap.id, asOf: snap.as_of, contentHash: snap.content_hash },
        policies: policies.map((c) => explainPolicy(c, req.params.entity, row as never)),
        entitlements,
      };
    },
  );

  // --- Simulations ---------------------------------------------------------------------------------
  r.post(
    '/api/simulations',
    {
      schema: {
        tags: ['rules'],
        summary: '政策沙盘 / Simulate a draft version',
        body: z.object({ policyId: z.string().max(64), draftVersionId: z.number().int().positive(), snapshotId: z.number().int().positive().optional(), groupBy: z.string().max(80).optional() }),
      },
      config: { access: 'policy.write' },
    },
    async (req, reply) => {
      const pol = await db.selectFrom('policy').select('department_code').where('id', '=', req.body.policyId).executeTakeFirst();
      if (!pol) throw notFound();
      if (!ownsPolicy(req.principal!, pol.department_code)) throw new AppError('FORBIDDEN', { zh: '只能模拟本部门的政策', en: 'You may simulate only your own department’s policies' });
      const res = await simulate(db, { ...req.body, groupBy: req.body.groupBy ?? null, actorId: req.principal!.userId });
      return reply.status(201).send(res);
    },
  );

  r.get('/api/simulations', { schema: { tags: ['rules'], summary: '模拟记录 / Simulations', querystring: z.object({ policyId: z.string().max(64).optional() }) }, config: { access: 'policy.read' } }, async (req) => {
    const rows = await db
      .selectFrom('simulation')
      .select(['id', 'policy_id', 'draft_version_id', 'base_version_id', 'snapshot_id', 'group_fact', 'summary', 'created_at'])
      .$if(!!req.query.policyId, (b) => b.where('policy_id', '=', req.query.policyId!))
      .orderBy('id', 'desc')
      .limit(50)
      .execute();
    return rows.map((s) => ({ id: s.id, policyId: s.policy_id, draftVersionId: s.draft_version_id, baseVersionId: s.base_version_id, snapshotId: s.snapshot_id, groupBy: s.group_fact, summary: s.summary, createdAt: s.created_at }));
  });

  r.get(
    '/api/simulations/:id',
    { schema: { tags: ['rules'], summary: '模拟详情 / Simulation detail', params: IdParam, querystring: Paging.extend({ change: z.enum(['enter', 'leave', 'amount']).optional(), districtCode: DistrictCode.optional() }) }, config: { access: 'policy.read' } },
    async (req) => {
      const s = await db.selectFrom('simulation').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!s) throw notFound();
      const q = req.query;
      const base = db
        .selectFrom('simulation_change')
        .where('simulation_id', '=', s.id)
        .$if(!!q.change, (b) => b.where('change', '=', q.change!))
        .$if(!!q.districtCode, (b) => b.where('district_code', '=', q.districtCode!));
      const changes = await paged(q, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), (limit, offset) =>
        base.selectAll().orderBy('district_code').orderBy('entity_id').limit(limit).offset(offset).execute(),
      );
      return { id: s.id, policyId: s.policy_id, draftVersionId: s.draft_version_id, baseVersionId: s.base_version_id, snapshotId: s.snapshot_id, summary: s.summary, changes };
    },
  );
}

function runView(r: {
  id: number;
  snapshot_id: number;
  period_month: string;
  version_ids: unknown;
  status: string;
  chunks_total: number;
  chunks_done: number;
  entitlements_created: number;
  near_miss: number;
  missing_data: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
  display_name: string | null;
}) {
  return {
    id: r.id,
    snapshotId: r.snapshot_id,
    periodMonth: r.period_month,
    versionIds: r.version_ids as number[],
    status: r.status,
    chunksTotal: r.chunks_total,
    chunksDone: r.chunks_done,
    entitlementsCreated: r.entitlements_created,
    nearMiss: r.near_miss,
    missingData: r.missing_data,
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    startedBy: r.display_name,
  };
}

const running = new Map<number, Promise<void>>();
/** Runs execute in the server process after the request returns; progress is read from the run row. */
function startInBackground(db: Db, runId: number, opts: RulesOptions, onError: (e: unknown) => void): void {
  const job = executeRun(db, runId, { ...(opts.onChunk ? { onChunk: opts.onChunk } : {}), ...(opts.parallel ? { parallel: opts.parallel } : {}) })
    .catch(onError)
    .finally(() => running.delete(runId));
  running.set(runId, job);
}
/** Waits for background runs (tests, shutdown). */
export async function settleRuns(): Promise<void> {
  await Promise.all([...running.values()]);
}
