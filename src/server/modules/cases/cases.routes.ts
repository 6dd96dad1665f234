// Staff routes of the case engine: kinds, the inbox, the supervision board, statistics, opening a
// case from the hotline, one case with its timeline, actions, and attachments.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { Paging } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, diskStore, memoryStore, sha256Hex, type AttachmentStore } from './attachments.js';
import { actOnCase, caseNotFound, openCase, parseFields } from './cases.service.js';
import { board, caseDetail, caseStats, inboxSummary, inScope, listCases } from './cases.queries.js';
import { availableActions, inJurisdiction, reduce, type ActionRequest, type Actor } from './engine.js';
import { latestKind, latestKinds, loadKind, type CaseKind } from './kinds.js';
import { toEvent } from './cases.service.js';

const tags = ['cases'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const Text = (max: number) => z.string().trim().min(1).max(max);

export const staffActor = (p: Principal): Actor => ({ kind: 'staff', userId: p.userId, role: p.role, orgCode: p.orgCode, departmentCode: p.departmentCode });

const InboxQuery = Paging.extend({
  box: z.enum(['open', 'review', 'incoming', 'closed', 'all']).default('open'),
  kind: z.string().max(40).optional(),
  state: z.string().max(40).optional(),
  light: z.enum(['red', 'yellow', 'blue', 'green']).optional(),
  supervised: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  district: z.string().regex(/^\d{6}$/).optional(),
  q: z.string().trim().max(50).optional(),
});

export const ActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('transition'), version: z.number().int().positive(), transition: z.string().max(40), conclusion: z.string().max(40).optional(), reason: z.string().trim().max(2000).optional(), evidence: z.string().trim().max(4000).optional(), attachmentIds: z.array(z.number().int().positive()).max(20).optional() }),
  z.object({ action: z.literal('review_approve'), version: z.number().int().positive(), note: z.string().trim().max(2000).optional() }),
  z.object({ action: z.literal('review_return'), version: z.number().int().positive(), reason: Text(2000) }),
  z.object({ action: z.literal('transfer'), version: z.number().int().positive(), toOrg: z.string().regex(/^\d{6}(\d{3})?$/, msg('须为区县或乡镇街道代码', 'a district or township code')), toDepartment: z.string().max(40).optional(), reason: Text(2000) }),
  z.object({ action: z.literal('transfer_accept'), version: z.number().int().positive() }),
  z.object({ action: z.literal('transfer_refuse'), version: z.number().int().positive(), reason: Text(2000) }),
  z.object({ action: z.literal('supervise'), version: z.number().int().positive(), reason: Text(2000) }),
  z.object({ action: z.literal('comment'), version: z.number().int().positive(), note: Text(4000), attachmentIds: z.array(z.number().int().positive()).max(20).optional() }),
  z.object({ action: z.literal('reopen'), version: z.number().int().positive(), reason: Text(2000) }),
]);

const NewCaseBody = z.object({
  kind: z.string().max(40),
  source: z.enum(['hotline', 'staff']).default('hotline'),
  fields: z.record(z.string(), z.unknown()),
  reporter: z.object({ name: z.string().trim().min(1).max(50).optional(), phone: z.string().regex(/^1\d{10}$/, msg('手机号为1开头的11位数字', 'a mobile number is 11 digits starting with 1')).optional() }).optional(),
});

const AttachmentBody = z.object({
  name: Text(200),
  mime: z.enum(ATTACHMENT_TYPES),
  contentBase64: z.string().min(1).max(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 4, msg('附件不能超过10MB', 'an attachment is at most 10 MB')),
});

export function attachmentStoreFor(dataDir: string): AttachmentStore {
  return dataDir === ':memory:' ? memoryStore() : diskStore(join(dataDir, 'attachments'));
}

async function kindMap(ctx: AppContext): Promise<Map<string, CaseKind>> {
  return new Map((await latestKinds(ctx.db)).map((k) => [k.code, k]));
}

/** The case, if the principal may see it: in their jurisdiction, or a transfer addressed to them. */
async function visibleCase(ctx: AppContext, p: Principal, id: number) {
  const row = await ctx.db.selectFrom('case_record').select(['id', 'kind_code', 'kind_version', 'org_code', 'district_code', 'department_code', 'pending_transfer']).where('id', '=', id).executeTakeFirst();
  if (!row) throw caseNotFound();
  const inView = !!(await inScope(ctx.db.selectFrom('case_record'), p).select('id').where('id', '=', id).executeTakeFirst());
  const t = row.pending_transfer === null ? null : ((typeof row.pending_transfer === 'string' ? JSON.parse(row.pending_transfer) : row.pending_transfer) as { toOrg: string; toDepartment: string });
  const incoming = !!t && p.role !== 'auditor' && inJurisdiction(staffActor(p) as Extract<Actor, { kind: 'staff' }>, { orgCode: t.toOrg, departmentCode: t.toDepartment });
  if (!inView && !incoming) throw caseNotFound();
  return { ...row, kind: (await loadKind(ctx.db, row.kind_code, row.kind_version))! };
}

export function casesRoutes(app: FastifyInstance, ctx: AppContext, store: AttachmentStore = attachmentStoreFor(ctx.config.dataDir)) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => shanghaiDate(clock.now());

  // With the 38 districts: a case can be routed or transferred to any of them, whatever the reader's own area.
  r.get('/api/case-kinds', { schema: { tags, summary: '事项类型 / Case kinds' }, config: { access: 'case.read' } }, async () => ({
    items: await latestKinds(db),
    districts: await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).orderBy('code').execute(),
  }));

  r.get('/api/cases', { schema: { tags, summary: '待办箱 / Inbox', querystring: InboxQuery }, config: { access: 'case.read' } }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    return listCases(db, req.principal!, f, { page, pageSize }, await kindMap(ctx), today());
  });

  r.get('/api/cases/summary', { schema: { tags, summary: '待办统计 / Inbox counts', querystring: z.object({ kind: z.string().max(40).optional() }) }, config: { access: 'case.read' } }, async (req) =>
    inboxSummary(db, req.principal!, req.query.kind, today()),
  );

  r.get('/api/cases/board', { schema: { tags, summary: '督办看板 / Supervision board', querystring: z.object({ kind: z.string().max(40).optional() }) }, config: { access: 'case.read' } }, async (req) =>
    board(db, req.principal!, await kindMap(ctx), today(), req.query.kind),
  );

  r.get(
    '/api/cases/stats',
    { schema: { tags, summary: '办理统计 / Statistics', querystring: z.object({ kind: z.string().max(40), year: z.coerce.number().int().min(2000).max(2100).optional() }) }, config: { access: 'case.read' } },
    async (req) => {
      if (!(await latestKind(db, req.query.kind))) throw new AppError('VALIDATION', { zh: '没有该事项类型', en: 'No such case kind' }, [{ path: 'kind', message: '没有该事项类型', messageEn: 'no such case kind' }]);
      return caseStats(db, req.principal!, req.query.kind, req.query.year ?? Number(today().slice(0, 4)), today());
    },
  );

  r.post('/api/cases', { schema: { tags, summary: '登记事项（热线或工作人员）/ Open a case (hotline or staff)', body: NewCaseBody }, config: { access: 'case.handle' } }, async (req, reply) => {
    const p = req.principal!;
    const kind = await latestKind(db, req.body.kind);
    if (!kind) throw new AppError('VALIDATION', { zh: '没有该事项类型', en: 'No such case kind' }, [{ path: 'kind', message: '没有该事项类型', messageEn: 'no such case kind' }]);
    const details = parseFields(kind, req.body.fields);
    const c = await openCase(db, clock, { kind, details, source: req.body.source, reporter: { name: req.body.reporter?.name ?? null, phone: req.body.reporter?.phone ?? null }, by: { userId: p.userId, role: p.role } });
    void reply.status(201);
    return { id: c.id, trackingCode: c.trackingCode, state: c.status.state, orgCode: c.status.orgCode };
  });

  r.get('/api/cases/:id', { schema: { tags, summary: '事项详情 / One case', params: IdParam }, config: { access: 'case.read' } }, async (req) => {
    const p = req.principal!;
    const c = await visibleCase(ctx, p, req.params.id);
    // The case may hold a reporter's name and phone: every read is on the record.
    await writeAudit(db, clock, p, req.id, { action: 'case.read', entityType: 'case', entityId: c.id, districtCode: c.district_code });
    const detail = await caseDetail(db, req.params.id, c.kind, today());
    // The timeline is the event log: the actions open to the reader come from the same read.
    const events = detail.timeline.map((e) => toEvent({ seq: e.seq, action: e.action, payload: e.payload, at: e.at, actor_id: e.actorId }));
    const actions = p.role === 'auditor' ? [] : availableActions(c.kind, reduce(c.kind, events), staffActor(p), today());
    return { ...detail, kindDefinition: c.kind, actions };
  });

  r.post('/api/cases/:id/actions', { schema: { tags, summary: '办理操作 / Act on a case', params: IdParam, body: ActionBody }, config: { access: 'case.handle' } }, async (req) => {
    const p = req.principal!;
    await visibleCase(ctx, p, req.params.id);
    const { version, ...action } = req.body;
    const { status } = await actOnCase(db, clock, req.params.id, staffActor(p), action as ActionRequest, version);
    return { id: req.params.id, state: status.state, version: status.version, final: status.final, dueOn: status.dueOn };
  });

  r.post('/api/cases/:id/attachments', { schema: { tags, summary: '上传附件 / Attach a file', params: IdParam, body: AttachmentBody }, config: { access: 'case.handle' } }, async (req, reply) => {
    const p = req.principal!;
    const c = await visibleCase(ctx, p, req.params.id);
    const bytes = Buffer.from(req.body.contentBase64, 'base64');
    if (bytes.length === 0) throw new AppError('VALIDATION', { zh: '附件内容为空或不是base64', en: 'The attachment is empty or not base64' }, [{ path: 'contentBase64', message: '内容为空', messageEn: 'empty' }]);
    if (bytes.length > ATTACHMENT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { zh: '附件不能超过10MB', en: 'An attachment is at most 10 MB' });
    const hash = sha256Hex(bytes);
    await store.put(hash, bytes);
    const row = await db
      .insertInto('case_attachment')
      .values({ case_id: c.id, name: req.body.name, mime: req.body.mime, size_bytes: bytes.length, sha256: hash, storage_key: hash, uploaded_by: p.userId, uploaded_at: clock.now() })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    void reply.status(201);
    return { id: Number(row.id), name: req.body.name, mime: req.body.mime, size: bytes.length, sha256: hash };
  });

  r.get('/api/cases/:id/attachments/:attachmentId', { schema: { tags, summary: '下载附件 / Download an attachment', params: IdParam.extend({ attachmentId: z.coerce.number().int().positive() }) }, config: { access: 'case.read' } }, async (req, reply) => {
    const p = req.principal!;
    const c = await visibleCase(ctx, p, req.params.id);
    const a = await db.selectFrom('case_attachment').selectAll().where('id', '=', req.params.attachmentId).where('case_id', '=', c.id).executeTakeFirst();
    if (!a) throw caseNotFound();
    const bytes = await store.get(a.storage_key);
    if (!bytes) throw new AppError('NOT_FOUND', { zh: '附件文件已不在存储中', en: 'The file is no longer in storage' });
    await writeAudit(db, clock, p, req.id, { action: 'case.attachment.read', entityType: 'case', entityId: c.id, districtCode: c.district_code });
    void reply.header('content-type', a.mime).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`);
    return reply.send(bytes);
  });
}
