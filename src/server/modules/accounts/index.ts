export { accountsRoutes, upsertSelfUser, userView } from './accounts.routes.js';
export { createStaffUser, ensureDemoStaff, DEMO_PASSWORD, DEMO_STAFF, NewStaffUserSchema, hashPassword } from './accounts.service.js';
export type { NewStaffUser } from './accounts.service.js';
export type { IdentityProvider, VerifiedIdentity } from './oidc.js';
export { linkOidcIdentity } from './oidc.js';
