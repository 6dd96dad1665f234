// Cookie sessions: a random token in an HTTP-only cookie; only its SHA-256 is stored.
// Each session carries a CSRF token that non-GET requests must echo in `x-csrf-token`.
import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTx } from '../db/index.js';
import type { Principal } from './access.js';
import type { Clock } from './clock.js';

export const SESSION_COOKIE = 'hm_session';
export const SESSION_HOURS = 8;

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

export async function createSession(db: DbOrTx, clock: Clock, userId: number): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await db.insertInto('app_session').values({ token_hash: sha256(token), user_id: userId, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute();
  return { token, csrfToken, expiresAt };
}

export async function loadSession(db: DbOrTx, clock: Clock, token: string): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('app_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.org_code', 'u.department_code', 'u.person_id', 'u.enterprise_id', 'u.active', 's.csrf_token', 's.expires_at'])
    .where('s.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || !row.active || new Date(row.expires_at).getTime() <= clock.now().getTime()) return undefined;
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    orgCode: row.org_code,
    departmentCode: row.department_code,
    personId: row.person_id,
    enterpriseId: row.enterprise_id,
    csrfToken: row.csrf_token,
  };
}

export async function destroySession(db: DbOrTx, token: string): Promise<void> {
  await db.deleteFrom('app_session').where('token_hash', '=', sha256(token)).execute();
}
