// The citizen and enterprise portal: my benefits, confirming / applying / declining, my inbox.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { Principal } from '../../platform/access.js';
import { Paging } from '../../platform/paging.js';
import {
  applyForEntitlement,
  ApplyBody,
  ConfirmBody,
  confirmEntitlement,
  declineEntitlement,
  DeclineBody,
  entitlementNotFound,
  listInbox,
  listOwnEntitlements,
  markInboxRead,
  ownEntitlementDetail,
  payeeOf,
} from './self-service.js';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const tags = ['self-service'];

/** Staff hold no self.read; a citizen or enterprise account without its link answers 404. */
function payeeOrNotFound(p: Principal) {
  const payee = payeeOf(p);
  if (!payee) throw entitlementNotFound();
  return payee;
}

export async function meBenefitsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const act = (req: { principal: Principal | undefined; id: string; params: { id: number } }) => ({ db, clock, p: req.principal!, requestId: req.id, payee: payeeOrNotFound(req.principal!), id: req.params.id });

  r.get('/api/me/benefits', { schema: { tags, summary: '我的待遇 / My benefits', querystring: Paging }, config: { access: 'self.read' } }, async (req) =>
    listOwnEntitlements(db, payeeOrNotFound(req.principal!), req.query),
  );

  r.get('/api/me/benefits/:id', { schema: { tags, summary: '待遇详情与依据 / A benefit, why and how it is paid', params: IdParam }, config: { access: 'self.read' } }, async (req) =>
    ownEntitlementDetail(db, clock, req.principal!, req.id, payeeOrNotFound(req.principal!), req.params.id),
  );

  r.post('/api/me/benefits/:id/confirm', { schema: { tags, summary: '确认领取并选择账户 / Confirm and choose the account', params: IdParam, body: ConfirmBody }, config: { access: 'self.read' } }, async (req) =>
    confirmEntitlement(act(req), req.body),
  );

  r.post('/api/me/benefits/:id/apply', { schema: { tags, summary: '快申快享:提交预填申请 / Send the pre-filled application', params: IdParam, body: ApplyBody }, config: { access: 'self.read' } }, async (req) =>
    applyForEntitlement(act(req), req.body),
  );

  r.post('/api/me/benefits/:id/decline', { schema: { tags, summary: '放弃 / Decline', params: IdParam, body: DeclineBody }, config: { access: 'self.read' } }, async (req) =>
    declineEntitlement(act(req), req.body.reason),
  );

  r.get(
    '/api/me/inbox',
    { schema: { tags, summary: '我的消息 / My inbox', querystring: Paging.extend({ unread: z.enum(['0', '1', 'true', 'false']).optional() }) }, config: { access: 'self.read' } },
    async (req) => listInbox(db, payeeOrNotFound(req.principal!), { ...req.query, unread: req.query.unread === '1' || req.query.unread === 'true' }),
  );

  r.post('/api/me/inbox/:id/read', { schema: { tags, summary: '标记已读 / Mark read', params: IdParam }, config: { access: 'self.read' } }, async (req) =>
    markInboxRead(db, clock, payeeOrNotFound(req.principal!), req.params.id),
  );
}
