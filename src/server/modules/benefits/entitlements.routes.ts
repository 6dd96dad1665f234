// Staff reads of entitlements: the scoped, paged list and one record with its history (audited).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { writeAudit } from '../../platform/audit.js';
import { notFound } from '../../platform/errors.js';
import { Paging } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { findEntitlement, listEntitlements } from './entitlements.queries.js';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const STATUSES = ['awaiting_confirmation', 'awaiting_application', 'ready', 'declined', 'excluded', 'in_batch', 'paid', 'payment_failed'] as const;
const ListQuery = Paging.extend({
  policyId: z.string().max(64).optional(),
  districtCode: z.string().regex(/^\d{6}$/, msg('区县代码为6位数字', 'A district code has 6 digits')).optional(),
  status: z.enum(STATUSES).optional(),
  period: z.string().regex(/^(once|\d{4}(-\d{2})?)$/, msg('期间为 once、YYYY 或 YYYY-MM', 'A period is once, YYYY or YYYY-MM')).optional(),
});

export async function entitlementRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;

  r.get('/api/entitlements', { schema: { tags: ['benefits'], summary: '待遇名单 / Entitlements', querystring: ListQuery }, config: { access: 'entitlement.read' } }, async (req) =>
    listEntitlements(db, req.principal!, req.query),
  );

  r.get(
    '/api/entitlements/:id',
    { schema: { tags: ['benefits'], summary: '待遇详情(留痕)/ Entitlement record (audited)', params: IdParam, querystring: z.object({ purpose: z.string().max(200).optional() }) }, config: { access: 'entitlement.read' } },
    async (req) => {
      const p = req.principal!;
      const record = await findEntitlement(db, p, req.params.id);
      if (!record) throw notFound({ zh: '未找到该待遇,或不在您的管辖范围内', en: 'No such entitlement, or outside your jurisdiction' });
      // The read is recorded before anything is returned: the record holds the payee's facts.
      await writeAudit(db, clock, p, req.id, { action: 'entitlement.read', entityType: 'entitlement', entityId: record.id, districtCode: record.districtCode, purpose: req.query.purpose ?? null });
      return record;
    },
  );
}
