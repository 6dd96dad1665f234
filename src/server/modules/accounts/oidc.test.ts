// Unified identity (OIDC): a verified identity maps to the resident or enterprise it names, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type TestContext } from '../../testing/harness.js';
import { linkOidcIdentity } from './index.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe('linkOidcIdentity', () => {
  it('creates a citizen account for a registered resident on first login and reuses it after', async () => {
    const p = await t.factory.person({ villageCode: VILLAGES.yubei, name: '欧阳实名' });
    const first = await linkOidcIdentity(t.db, { subject: 'sub-1', kind: 'citizen', idNumber: p.idNumber, name: '欧阳实名' });
    const again = await linkOidcIdentity(t.db, { subject: 'sub-1', kind: 'citizen', idNumber: p.idNumber, name: '欧阳实名' });
    expect(again).toBe(first);
    const user = await t.db.selectFrom('app_user').selectAll().where('id', '=', first).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'citizen', person_id: p.id, org_code: VILLAGES.yubei, password_hash: null });
  });

  it('refuses an invalid id number and a person outside the registry', async () => {
    await expect(linkOidcIdentity(t.db, { subject: 'sub-2', kind: 'citizen', idNumber: '110105194912310021', name: 'x' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(linkOidcIdentity(t.db, { subject: 'sub-3', kind: 'citizen', idNumber: '11010519491231002X', name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('links an enterprise identity by its credit code, and refuses a disabled account', async () => {
    const e = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9) });
    const id = await linkOidcIdentity(t.db, { subject: 'ent-1', kind: 'enterprise', creditCode: e.creditCode, name: '企业经办人' });
    expect((await t.db.selectFrom('app_user').select(['role', 'enterprise_id']).where('id', '=', id).executeTakeFirstOrThrow())).toEqual({ role: 'enterprise', enterprise_id: e.id });
    await t.db.updateTable('app_user').set({ active: false }).where('id', '=', id).execute();
    await expect(linkOidcIdentity(t.db, { subject: 'ent-1', kind: 'enterprise', creditCode: e.creditCode, name: '企业经办人' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
