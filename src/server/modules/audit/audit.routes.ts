// The audit trail, for auditors: who read or changed which record, when and why.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { Paging, paged } from '../../platform/paging.js';

const AuditQuery = Paging.extend({
  username: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export async function auditRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/audit', { schema: { tags: ['audit'], summary: '审计日志 / Audit log', querystring: AuditQuery }, config: { access: 'audit.read' } }, async (req) => {
    const q = req.query;
    const base = ctx.db
      .selectFrom('audit_log')
      .$if(!!q.username, (b) => b.where('username', '=', q.username!))
      .$if(!!q.action, (b) => b.where('action', '=', q.action!))
      .$if(!!q.entityType, (b) => b.where('entity_type', '=', q.entityType!))
      .$if(!!q.entityId, (b) => b.where('entity_id', '=', q.entityId!))
      .$if(!!q.from, (b) => b.where('at', '>=', new Date(`${q.from}T00:00:00+08:00`)))
      .$if(!!q.to, (b) => b.where('at', '<', new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
    return paged(q, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), async (limit, offset) => {
      const rows = await base.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return rows.map((a) => ({
        id: a.id,
        at: new Date(a.at).toISOString(),
        username: a.username,
        role: a.role,
        action: a.action,
        entityType: a.entity_type,
        entityId: a.entity_id,
        districtCode: a.district_code,
        purpose: a.purpose,
        requestId: a.request_id,
      }));
    });
  });
}
