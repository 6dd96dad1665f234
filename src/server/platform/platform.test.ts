// Cross-cutting guarantees: logs carry no personal data, configuration errors are clear,
// unknown API paths answer with the common error body.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createTestContext, VILLAGES } from '../testing/harness.js';

describe('logs', () => {
  it('carry no names, id numbers, phone numbers, query strings or cookies', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const t = await createTestContext({ logLevel: 'info' }, sink);
    try {
      const p = await t.factory.person({ villageCode: VILLAGES.yubei, name: '日志测试人', phone: '13700001111' });
      const c = await t.login('yubei');
      await c.get(`/api/persons?q=${encodeURIComponent('日志测试人')}`);
      await c.get(`/api/persons/${p.id}?purpose=${encodeURIComponent('回访日志测试人')}`);
      await c.get(`/api/persons?q=${p.idNumber}`);
      await c.post(`/api/persons/${p.id}/unmask`, { purpose: '核实身份信息' });
      await t.anonymous.post('/api/auth/login', { username: 'yubei', password: 'wrong-password-1' });
      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(5); // the requests were logged at all
      expect(log).toContain('/api/persons/:id');
      for (const secret of ['日志测试人', p.idNumber, '13700001111', 'wrong-password-1', 'hm_session', c.csrfToken!]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });
});

describe('configuration', () => {
  it('says which variable is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });

  it('treats an empty DATABASE_URL as unset and defaults to the embedded database', () => {
    const c = loadConfig({ DATABASE_URL: '' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.persons).toBe(200_000);
    expect(c.demoMode).toBe(true);
  });
});

describe('unknown API paths', () => {
  it('answer 404 with the common error body', async () => {
    const t = await createTestContext();
    try {
      const res = await t.anonymous.get('/api/no-such-thing');
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', messageEn: 'No such endpoint' });
    } finally {
      await t.close();
    }
  });
});
