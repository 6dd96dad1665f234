// Sign-in, sessions, CSRF, rate limiting, demo login and the consistent error body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type TestContext } from '../../testing/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe('sign-in', () => {
  it('signs a staff user in with an HTTP-only session cookie and returns the role and permissions', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'yubei', password: 'Huimin2023!' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'hm_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'yubei', role: 'district_officer', orgCode: '500112', orgName: '渝北区' });
    expect(body.user.permissions).toContain('person.read');
    expect(body.user.permissions).not.toContain('audit.read');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it('refuses a wrong password with the same answer as an unknown user', async () => {
    const wrong = await t.anonymous.post('/api/auth/login', { username: 'yubei', password: 'nope-nope-1' });
    const unknown = await t.anonymous.post('/api/auth/login', { username: 'nobody', password: 'nope-nope-1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(wrong.json().error).toMatchObject({ code: 'UNAUTHENTICATED', message: '用户名或密码错误', messageEn: 'Wrong username or password' });
    expect(wrong.json().error.requestId).toBe(wrong.headers['x-request-id']);
  });

  it('validates the body and says which field is wrong, in Chinese and English', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: '' });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('VALIDATION');
    const paths = err.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password']));
    expect(err.details[0].message).not.toBe(err.details[0].messageEn);
  });

  it('ends the session on logout', async () => {
    const c = await t.login('hrss');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('expires sessions after 8 hours', async () => {
    const c = await t.login('hrss');
    t.clock.advanceMs(8 * 3600_000 + 1000);
    try {
      expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    } finally {
      t.clock.advanceMs(-(8 * 3600_000 + 1000));
    }
  });

  it('requires the CSRF token on state-changing requests made with the cookie', async () => {
    const c = await t.login('hrss');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie! } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie!, 'x-csrf-token': 'forged' } });
    expect(wrong.statusCode).toBe(403);
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^req-/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.anonymous.get('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/persons/{id}', '/api/audit']));
  });
});

describe('login rate limit', () => {
  it('answers 429 after 10 attempts a minute from one address', async () => {
    const fresh = await createTestContext();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        codes.push((await fresh.anonymous.post('/api/auth/login', { username: 'admin', password: `wrong-${i}-x` })).statusCode);
      }
      expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
      const last = await fresh.anonymous.post('/api/auth/login', { username: 'admin', password: 'Huimin2023!' });
      expect(last.statusCode).toBe(429);
      expect(last.json().error.code).toBe('RATE_LIMITED');
    } finally {
      await fresh.close();
    }
  });
});

describe('demo login', () => {
  it('signs in as a synthetic resident, who sees only their own record', async () => {
    const person = await t.factory.person({ villageCode: VILLAGES.yubei, name: '王小明' });
    const c = await t.demoLogin({ kind: 'citizen', personId: person.id });
    const me = await c.get('/api/auth/me');
    expect(me.json().user).toMatchObject({ role: 'citizen', personId: person.id, permissions: ['self.read', 'rating.write', 'case.report', 'job.apply', 'bundle.apply'] });
    const profile = await c.get('/api/me/profile');
    expect(profile.statusCode).toBe(200);
    expect(profile.json().person.name).toBe('王小明');
    expect(profile.json().person.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect((await c.get(`/api/persons/${person.id}`)).statusCode).toBe(403);
    expect((await c.get('/api/persons')).statusCode).toBe(403);
  });

  it('is refused outside demo mode', async () => {
    const prod = await createTestContext({ demoMode: false });
    try {
      const person = await prod.factory.person({ villageCode: VILLAGES.yubei });
      const res = await prod.anonymous.post('/api/auth/demo-login', { kind: 'citizen', personId: person.id });
      expect(res.statusCode).toBe(403);
      expect((await prod.anonymous.get('/api/auth/demo')).json()).toMatchObject({ enabled: false, citizens: [] });
    } finally {
      await prod.close();
    }
  });
});

describe('creating staff accounts (huimin user add)', () => {
  it('checks the role against the org unit, the department, the password and the username', async () => {
    const { createStaffUser } = await import('./index.js');
    const base = { username: 'newofficer', displayName: '新同事', password: 'Strong-pass-2026', role: 'district_officer' as const, orgCode: '500112', departmentCode: null };
    await expect(createStaffUser(t.db, { ...base, orgCode: '500000' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createStaffUser(t.db, { ...base, orgCode: '509999' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createStaffUser(t.db, { ...base, role: 'department_officer', orgCode: '500000' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(createStaffUser(t.db, { ...base, password: 'short1' })).rejects.toThrow(/10/);
    await expect(createStaffUser(t.db, { ...base, username: 'yubei' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const id = await createStaffUser(t.db, base);
    expect(id).toBeGreaterThan(0);
    const c = await t.login('newofficer', 'Strong-pass-2026');
    expect((await c.get('/api/auth/me')).json().user).toMatchObject({ role: 'district_officer', orgName: '渝北区' });
  });
});
