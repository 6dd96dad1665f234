// Test harness: a real database (in-memory PGlite, or a throwaway PostgreSQL database when
// TEST_DATABASE_URL is set), the app built on it, factories and signed-in HTTP clients.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { testConfig, type Config } from '../config.js';
import { openDatabase, type DbHandle, type DbOrTx } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { openScratchPostgres } from '../db/scratch.js';
import { DEMO_PASSWORD, ensureDemoStaff } from '../modules/accounts/index.js';
import { loadReferenceData } from '../modules/registry/reference-data.js';
import { syncCaseKinds } from '../modules/cases/index.js';
import { CASE_KIND_DIR } from '../startup.js';
import { makeCreditCode, makeIdNumber } from '../modules/registry/standards.js';
import { fixedClock } from '../platform/clock.js';

export type TestDb = DbHandle & { url: string | undefined };

/** A fresh, migrated database with divisions and departments loaded. */
export async function openTestDatabase(): Promise<TestDb> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const h = await openDatabase({ dataDir: ':memory:' });
    await migrateToLatest(h.db);
    await loadReferenceData(h.db);
    await syncCaseKinds(h.db, CASE_KIND_DIR);
    return { ...h, url: undefined };
  }
  const h = await openScratchPostgres(admin, 'huimin_test');
  await migrateToLatest(h.db);
  await loadReferenceData(h.db);
  await syncCaseKinds(h.db, CASE_KIND_DIR);
  return h;
}

export type TestContext = {
  app: FastifyInstance;
  dbh: TestDb;
  db: DbOrTx;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  factory: Factory;
  /** Signs in a staff user (demo staff have DEMO_PASSWORD). */
  login(username: string, password?: string): Promise<Client>;
  /** Signs in as a resident or an enterprise through the demo login. */
  demoLogin(body: { kind: 'citizen'; personId: number } | { kind: 'enterprise'; enterpriseId: number }): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
};

export const TEST_NOW = '2026-11-20T10:00:00+08:00';

export async function createTestContext(overrides: Partial<Config> = {}, logStream?: NodeJS.WritableStream): Promise<TestContext> {
  const dbh = await openTestDatabase();
  const clock = fixedClock(TEST_NOW);
  const config = testConfig(overrides);
  await ensureDemoStaff(dbh.db);
  const app = await buildApp({ config, dbh, clock, ...(logStream ? { logStream } : {}) });
  await app.ready();
  const factory = await createFactory(dbh.db);
  const anonymous = new Client(app, undefined, undefined);
  return {
    app,
    dbh,
    db: dbh.db,
    clock,
    config,
    factory,
    anonymous,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return Client.fromLogin(app, res);
    },
    async demoLogin(body) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/demo-login', payload: body });
      if (res.statusCode !== 200) throw new Error(`demo login failed: ${res.statusCode} ${res.body}`);
      return Client.fromLogin(app, res);
    },
    async close() {
      await app.close();
      await dbh.close();
    },
  };
}

/** An HTTP client over app.inject that keeps the session cookie and sends the CSRF token. */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie: string | undefined,
    readonly csrfToken: string | undefined,
  ) {}
  static fromLogin(app: FastifyInstance, res: LightMyRequestResponse): Client {
    const c = res.cookies.find((k) => k.name === 'hm_session');
    return new Client(app, c ? `hm_session=${c.value}` : undefined, (res.json() as { csrfToken: string }).csrfToken);
  }
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload: payload as string } : {}),
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
    });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, payload ?? {}, headers);
  }
  put(url: string, payload?: unknown) {
    return this.request('PUT', url, payload ?? {});
  }
}

export type Factory = Awaited<ReturnType<typeof createFactory>>;

/** Makes registry rows with valid codes, tied to a 'test fixture' batch. */
export async function createFactory(db: DbOrTx) {
  const batch = await db
    .insertInto('import_batch')
    .values({ feed: 'fixture', department_code: null, file_name: 'test fixture', file_sha256: '-', encoding: 'utf-8', mode: 'seed', status: 'loaded', created_by: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  let nextPerson = 9_000_000;
  let nextHousehold = 9_000_000;
  let nextEnterprise = 9_000_000;
  let seq = 0;
  return {
    batchId: batch.id,
    async person(p: { villageCode: string; name?: string; birthDate?: string; sex?: 'M' | 'F'; hukouVillageCode?: string; phone?: string | null; householdId?: number; relation?: 'head' | 'spouse' | 'child' }) {
      const id = nextPerson++;
      const hukouVillage = p.hukouVillageCode ?? p.villageCode;
      const birthDate = p.birthDate ?? '1985-06-15';
      const sex = p.sex ?? 'M';
      const idNumber = makeIdNumber(hukouVillage.slice(0, 6), birthDate, sex, seq++ % 500);
      await db
        .insertInto('person')
        .values({
          id,
          id_number: idNumber,
          name: p.name ?? `测试${id}`,
          sex,
          birth_date: birthDate,
          hukou_district_code: hukouVillage.slice(0, 6),
          hukou_village_code: hukouVillage,
          district_code: p.villageCode.slice(0, 6),
          township_code: p.villageCode.slice(0, 9),
          village_code: p.villageCode,
          education: 'senior',
          phone: p.phone === undefined ? '13812345678' : p.phone,
          household_id: p.householdId ?? null,
          relation: p.relation ?? null,
          batch_id: batch.id,
        })
        .execute();
      return { id, idNumber };
    },
    async household(villageCode: string) {
      const id = nextHousehold++;
      await db.insertInto('household').values({ id, district_code: villageCode.slice(0, 6), village_code: villageCode, hukou_type: 'urban', batch_id: batch.id }).execute();
      return { id };
    },
    async enterprise(e: { townshipCode: string; name?: string }) {
      const id = nextEnterprise++;
      const creditCode = makeCreditCode(e.townshipCode.slice(0, 6), id);
      await db
        .insertInto('enterprise')
        .values({ id, credit_code: creditCode, name: e.name ?? `重庆测试${id}有限公司`, industry_section: 'C', district_code: e.townshipCode.slice(0, 6), township_code: e.townshipCode, size: 'small', established_on: '2015-03-01', batch_id: batch.id })
        .execute();
      return { id, creditCode };
    },
  };
}

export { DEMO_PASSWORD };

/** Real village codes used by tests: two in 渝北区, one in 万州区, and two townships of 渝中区. */
export const VILLAGES = {
  yubei: '500112002001', // 渝北区 五星路社区
  yubei2: '500112002002', // 渝北区 龙昌街社区
  wanzhou: '500101001001', // 万州区 东方广场社区
  jiefangbei: '500103003013', // 渝中区 解放碑街道 民生路社区
  qixinggang: '500103001003', // 渝中区 七星岗街道 华一坡社区
} as const;
