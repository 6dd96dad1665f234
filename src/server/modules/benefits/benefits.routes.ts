// All routes of the benefits module: the payee's portal, staff reads of entitlements, payment batches.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app.js';
import { entitlementRoutes } from './entitlements.routes.js';
import { meBenefitsRoutes } from './me.routes.js';
import { paymentRoutes } from './payments.routes.js';

export async function benefitsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await meBenefitsRoutes(app, ctx);
  await entitlementRoutes(app, ctx);
  await paymentRoutes(app, ctx);
}
