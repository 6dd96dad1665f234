// What the public and signed-in citizens see of cases: the report form of a public kind, a phone
// check (an SMS code; in demo mode the code is shown on screen), reporting, and tracking by code.
// The tracking page shows status and conclusion only: no officer, no notes, no other party.
import { createHash, randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import { msg } from '../../platform/validation.js';
import { workingDaysBetween } from './calendar.js';
import { actOnCase, openCase, parseFields } from './cases.service.js';
import { latestKind, loadKind, type LoadedKind } from './kinds.js';

const tags = ['cases-public'];
const Phone = z.string().regex(/^1\d{10}$/, msg('手机号为1开头的11位数字', 'a mobile number is 11 digits starting with 1'));
const TrackingParam = z.object({ code: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, msg('查询码格式为 XXXX-XXXX-XXXX', 'a tracking code looks like XXXX-XXXX-XXXX')) });
const CODE_MINUTES = 10;
const MAX_ATTEMPTS = 5;
const sha = (v: string) => createHash('sha256').update(v).digest('hex');

const trackingNotFound = () => notFound({ zh: '查询码不存在，请核对后重试', en: 'No case has this tracking code; check it and try again' });

async function publicKind(ctx: AppContext, code: string): Promise<LoadedKind> {
  const kind = await latestKind(ctx.db, code);
  if (!kind || !kind.public) throw new AppError('NOT_FOUND', { zh: '该事项不接受网上反映', en: 'This kind of case cannot be reported online' });
  return kind;
}

export function publicCaseRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, config } = ctx;

  r.get('/api/public/case-forms/:kind', { schema: { tags, summary: '网上反映表单 / Report form', params: z.object({ kind: z.string().max(40) }) }, config: { access: 'public' } }, async (req) => {
    const kind = await publicKind(ctx, req.params.kind);
    const districts = await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).orderBy('code').execute();
    return { kind: kind.code, label: kind.label, fields: kind.fields.filter((f) => f.public), districts, demoMode: config.demoMode };
  });

  r.post(
    '/api/public/phone-codes',
    { schema: { tags, summary: '获取手机验证码 / Get a phone code', body: z.object({ phone: Phone }) }, config: { access: 'public', rateLimit: { max: 5, timeWindow: '10 minutes' } } },
    async (req) => {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = clock.now();
      await db.insertInto('phone_verification').values({ phone_hash: sha(req.body.phone), code_hash: sha(`${req.body.phone}:${code}`), expires_at: new Date(now.getTime() + CODE_MINUTES * 60_000), created_at: now }).execute();
      // There is no SMS gateway here: the demo shows the code; a deployment sends it by SMS.
      return { sent: true, expiresInMinutes: CODE_MINUTES, ...(config.demoMode ? { demoCode: code } : {}) };
    },
  );

  r.post(
    '/api/public/cases',
    {
      schema: { tags, summary: '网上反映（无需登录）/ Report without an account', body: z.object({ kind: z.string().max(40), phone: Phone, phoneCode: z.string().regex(/^\d{6}$/, msg('验证码为6位数字', 'the code is 6 digits')), reporterName: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(50).optional()), fields: z.record(z.string(), z.unknown()) }) },
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '10 minutes' } },
    },
    async (req, reply) => {
      const kind = await publicKind(ctx, req.body.kind);
      const details = parseFields(kind, req.body.fields, { publicOnly: true });
      await consumePhoneCode(ctx, req.body.phone, req.body.phoneCode);
      const c = await openCase(db, clock, { kind, details, source: 'public', reporter: { name: req.body.reporterName ?? null, phone: req.body.phone }, by: null });
      void reply.status(201);
      return { trackingCode: c.trackingCode };
    },
  );

  r.post(
    '/api/me/cases',
    { schema: { tags, summary: '我要反映（已登录）/ Report as a signed-in citizen', body: z.object({ kind: z.string().max(40), fields: z.record(z.string(), z.unknown()) }) }, config: { access: 'case.report', rateLimit: { max: 10, timeWindow: '10 minutes' } } },
    async (req, reply) => {
      const p = req.principal!;
      if (p.personId === null) throw new AppError('FORBIDDEN', { zh: '仅居民本人可以反映', en: 'Only a resident can report' });
      const kind = await publicKind(ctx, req.body.kind);
      const details = parseFields(kind, req.body.fields, { publicOnly: true });
      const person = await db.selectFrom('person').select(['name', 'phone']).where('id', '=', p.personId).executeTakeFirstOrThrow();
      const c = await openCase(db, clock, { kind, details, source: 'citizen', reporter: { personId: p.personId, name: person.name, phone: person.phone }, by: null });
      void reply.status(201);
      return { trackingCode: c.trackingCode };
    },
  );

  r.get('/api/me/cases', { schema: { tags, summary: '我反映的事项 / My reports' }, config: { access: 'case.report' } }, async (req) => {
    const p = req.principal!;
    if (p.personId === null) return { items: [] };
    const rows = await db.selectFrom('case_record').select(['tracking_code', 'title']).where('reporter_person_id', '=', p.personId).orderBy('id', 'desc').limit(100).execute();
    // The reporter's own words (the employer's name) tell their reports apart; the public tracking view leaves them out.
    return { items: await Promise.all(rows.map(async (row) => ({ ...(await trackingView(ctx, row.tracking_code)), title: row.title }))) };
  });

  r.get('/api/public/cases/:code', { schema: { tags, summary: '凭查询码查询进度 / Track a case', params: TrackingParam }, config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (req) => trackingView(ctx, req.params.code));

  r.post(
    '/api/public/cases/:code/rating',
    { schema: { tags, summary: '评价办理结果 / Rate the outcome', params: TrackingParam, body: z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() }) }, config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req) => {
      const c = await byTracking(ctx, req.params.code);
      await actOnCase(db, clock, c.id, { kind: 'reporter' }, { action: 'rate', score: req.body.score, comment: req.body.comment }, c.version);
      return trackingView(ctx, req.params.code);
    },
  );

  r.post(
    '/api/public/cases/:code/reopen',
    { schema: { tags, summary: '对结果不满意，申请重新办理 / Not satisfied: reopen', params: TrackingParam, body: z.object({ reason: z.string().trim().min(2).max(1000) }) }, config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req) => {
      const c = await byTracking(ctx, req.params.code);
      await actOnCase(db, clock, c.id, { kind: 'reporter' }, { action: 'reopen', reason: req.body.reason }, c.version);
      return trackingView(ctx, req.params.code);
    },
  );
}

async function byTracking(ctx: AppContext, code: string) {
  const c = await ctx.db.selectFrom('case_record').select(['id', 'version']).where('tracking_code', '=', code).executeTakeFirst();
  if (!c) throw trackingNotFound();
  return { id: Number(c.id), version: c.version };
}

/** What the reporter may see: the kind, the state, the conclusion, dates, and whether they can rate or reopen. */
async function trackingView(ctx: AppContext, code: string) {
  const c = await ctx.db.selectFrom('case_record').select(['kind_code', 'kind_version', 'tracking_code', 'state', 'final', 'conclusion', 'opened_at', 'closed_at', 'rating', 'reopen_count']).where('tracking_code', '=', code).executeTakeFirst();
  if (!c) throw trackingNotFound();
  const kind = (await loadKind(ctx.db, c.kind_code, c.kind_version))!;
  const today = shanghaiDate(ctx.clock.now());
  const closedOn = c.closed_at ? shanghaiDate(new Date(c.closed_at)) : null;
  const withinReopen = !!kind.reopen && !!closedOn && workingDaysBetween(closedOn, today) <= kind.reopen.withinDays;
  return {
    trackingCode: c.tracking_code,
    kindLabel: kind.label,
    state: c.state,
    stateLabel: kind.states.find((s) => s.code === c.state)!.label,
    final: c.final,
    conclusionLabel: kind.conclusions.find((x) => x.code === c.conclusion)?.label ?? null,
    openedOn: shanghaiDate(new Date(c.opened_at)),
    closedOn,
    rating: c.rating,
    reopened: c.reopen_count > 0,
    canRate: kind.rating && c.final && c.rating === null,
    canReopen: c.final && withinReopen,
    reopenUntilDays: kind.reopen?.withinDays ?? null,
  };
}

/** A code is good once, for ten minutes, and for five tries. A wrong try is counted even though the request fails. */
async function consumePhoneCode(ctx: AppContext, phone: string, code: string): Promise<void> {
  const now = ctx.clock.now();
  const refusal = await ctx.db.transaction().execute(async (trx) => {
    const v = await trx.selectFrom('phone_verification').selectAll().where('phone_hash', '=', sha(phone)).orderBy('id', 'desc').limit(1).forUpdate().executeTakeFirst();
    // Only the latest code sent to the phone counts, and only once.
    if (!v || v.used_at !== null || new Date(v.expires_at).getTime() < now.getTime()) return { zh: '验证码已使用、已过期或未获取，请重新获取', en: 'The code was used, has expired or was never sent; get a new one' };
    if (v.attempts >= MAX_ATTEMPTS) return { zh: '验证码错误次数过多，请重新获取', en: 'Too many wrong codes; get a new one' };
    if (v.code_hash !== sha(`${phone}:${code}`)) {
      await trx.updateTable('phone_verification').set({ attempts: v.attempts + 1 }).where('id', '=', v.id).execute();
      return { zh: '验证码不正确，请核对短信中的6位数字', en: 'The code is wrong; check the 6 digits in the message' };
    }
    await trx.updateTable('phone_verification').set({ used_at: now }).where('id', '=', v.id).execute();
    return null;
  });
  if (refusal) throw new AppError('VALIDATION', refusal, [{ path: 'phoneCode', message: refusal.zh, messageEn: refusal.en }]);
}
