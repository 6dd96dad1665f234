// Unified identity login (统一身份认证, e.g. 渝快办) over OpenID Connect sits behind this interface.
// A deployment supplies an IdentityProvider for its identity service; the platform then maps the
// verified identity to an account with linkOidcIdentity. No provider is configured in demo mode.
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';
import { checkIdNumber } from '../registry/standards.js';

/** What the identity service vouches for after a successful authorisation-code exchange. */
export const VerifiedIdentitySchema = z.object({
  /** The provider's stable subject identifier (`sub`). */
  subject: z.string().min(1),
  /** 'citizen' identities carry a real-name id number; 'enterprise' identities a credit code. */
  kind: z.enum(['citizen', 'enterprise']),
  idNumber: z.string().optional(),
  creditCode: z.string().optional(),
  name: z.string().min(1),
});
export type VerifiedIdentity = z.infer<typeof VerifiedIdentitySchema>;

export interface IdentityProvider {
  /** The URL to send the browser to, carrying `state` and a PKCE challenge. */
  authorizationUrl(state: string, codeChallenge: string): string;
  /** Exchanges the code for tokens, verifies the ID token's signature, issuer, audience and nonce. */
  verify(code: string, codeVerifier: string): Promise<VerifiedIdentity>;
}

/** Finds the account for a verified identity, creating a citizen or enterprise account on first login. */
export async function linkOidcIdentity(db: DbOrTx, raw: VerifiedIdentity): Promise<number> {
  const id = VerifiedIdentitySchema.parse(raw);
  const known = await db.selectFrom('app_user').select(['id', 'active']).where('oidc_subject', '=', id.subject).executeTakeFirst();
  if (known) {
    if (!known.active) throw new AppError('FORBIDDEN', { zh: '该账号已停用', en: 'This account is disabled' });
    return known.id;
  }
  if (id.kind === 'citizen') {
    const check = id.idNumber ? checkIdNumber(id.idNumber) : undefined;
    if (!id.idNumber || !check?.ok) throw new AppError('VALIDATION', { zh: '统一身份认证未提供有效身份证号', en: 'The identity service gave no valid id number' });
    const person = await db.selectFrom('person').select(['id', 'village_code']).where('id_number', '=', id.idNumber).executeTakeFirst();
    if (!person) throw new AppError('NOT_FOUND', { zh: '本市人口库中没有您的记录', en: 'You are not in the city registry' });
    const row = await db
      .insertInto('app_user')
      .values({ username: `oidc-${id.subject}`, display_name: id.name, password_hash: null, role: 'citizen', org_code: person.village_code, department_code: null, person_id: person.id, enterprise_id: null, oidc_subject: id.subject })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const e = id.creditCode ? await db.selectFrom('enterprise').select(['id', 'township_code']).where('credit_code', '=', id.creditCode).executeTakeFirst() : undefined;
  if (!e) throw new AppError('NOT_FOUND', { zh: '本市法人库中没有该企业', en: 'The enterprise is not in the city registry' });
  const row = await db
    .insertInto('app_user')
    .values({ username: `oidc-${id.subject}`, display_name: id.name, password_hash: null, role: 'enterprise', org_code: e.township_code, department_code: null, person_id: null, enterprise_id: e.id, oidc_subject: id.subject })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
