// Sign-in, sign-out, the current user, and the demo login for synthetic residents and enterprises.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { DbOrTx } from '../../db/index.js';
import { ROLE_LABELS, ROLE_PERMISSIONS, type Principal } from '../../platform/access.js';
import { AppError, unauthenticated } from '../../platform/errors.js';
import { createSession, destroySession, SESSION_COOKIE, SESSION_HOURS } from '../../platform/session.js';
import { verifyPassword } from './accounts.service.js';

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) });
const DemoLoginBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('citizen'), personId: z.number().int().positive() }),
  z.object({ kind: z.literal('enterprise'), enterpriseId: z.number().int().positive() }),
]);

export async function userView(db: DbOrTx, p: Principal) {
  const org = await db.selectFrom('division').select('name').where('code', '=', p.orgCode).executeTakeFirst();
  const dep = p.departmentCode ? await db.selectFrom('department').select(['name_zh', 'name_en']).where('code', '=', p.departmentCode).executeTakeFirst() : undefined;
  return {
    id: p.userId,
    username: p.username,
    displayName: p.displayName,
    role: p.role,
    roleLabel: ROLE_LABELS[p.role],
    orgCode: p.orgCode,
    orgName: org?.name ?? p.orgCode,
    departmentCode: p.departmentCode,
    departmentName: dep ? { zh: dep.name_zh, en: dep.name_en } : null,
    personId: p.personId,
    enterpriseId: p.enterpriseId,
    permissions: [...ROLE_PERMISSIONS[p.role]],
  };
}

export async function accountsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, config } = ctx;

  async function startSession(reply: FastifyReply, userId: number) {
    const s = await createSession(db, clock, userId);
    void reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.secureCookies,
      path: '/',
      maxAge: SESSION_HOURS * 3600,
    });
    return s;
  }

  async function principalFor(userId: number, csrfToken: string): Promise<Principal> {
    const u = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    return {
      userId: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      orgCode: u.org_code,
      departmentCode: u.department_code,
      personId: u.person_id,
      enterpriseId: u.enterprise_id,
      csrfToken,
    };
  }

  r.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], summary: '登录 / Sign in', body: LoginBody },
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const u = await db.selectFrom('app_user').select(['id', 'password_hash', 'active', 'role']).where('username', '=', req.body.username).executeTakeFirst();
      const ok = await verifyPassword(u?.active ? u.password_hash : null, req.body.password);
      if (!u || !ok) throw new AppError('UNAUTHENTICATED', { zh: '用户名或密码错误', en: 'Wrong username or password' });
      const s = await startSession(reply, u.id);
      return { user: await userView(db, await principalFor(u.id, s.csrfToken)), csrfToken: s.csrfToken };
    },
  );

  r.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出 / Sign out' }, config: { access: 'signed-in' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await destroySession(db, token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户 / Current user' }, config: { access: 'signed-in' } }, async (req) => {
    const p = req.principal;
    if (!p) throw unauthenticated();
    return { user: await userView(db, p), csrfToken: p.csrfToken };
  });

  r.get('/api/auth/demo', { schema: { tags: ['auth'], summary: '演示账号 / Demo accounts' }, config: { access: 'public' } }, async () => {
    if (!config.demoMode) return { enabled: false, citizens: [], enterprises: [] };
    // A stable handful of living adult residents and of enterprises with insured staff.
    const citizens = await db
      .selectFrom('person as p')
      .innerJoin('division as d', 'd.code', 'p.district_code')
      .leftJoin('police_death as x', 'x.person_id', 'p.id')
      .select(['p.id as personId', 'p.name', 'd.name as districtName'])
      .where('x.person_id', 'is', null)
      .where('p.birth_date', '<', '2000-01-01')
      .where('p.birth_date', '>', '1960-01-01')
      .orderBy('p.id')
      .limit(6)
      .execute();
    const enterprises = await db
      .selectFrom('enterprise as e')
      .innerJoin('division as d', 'd.code', 'e.district_code')
      .select(['e.id as enterpriseId', 'e.name', 'd.name as districtName'])
      .where((eb) => eb.exists(eb.selectFrom('employment as m').select('m.id').whereRef('m.enterprise_id', '=', 'e.id').where('m.end_date', 'is', null)))
      .orderBy('e.id')
      .limit(4)
      .execute();
    return { enabled: true, citizens, enterprises };
  });

  r.post(
    '/api/auth/demo-login',
    { schema: { tags: ['auth'], summary: '演示登录 / Demo sign-in', body: DemoLoginBody }, config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (req, reply) => {
      if (!config.demoMode) throw new AppError('FORBIDDEN', { zh: '演示登录仅在演示模式下可用', en: 'Demo sign-in is only available in demo mode' });
      const b = req.body;
      let userId: number;
      if (b.kind === 'citizen') {
        const person = await db.selectFrom('person').select(['id', 'name', 'village_code']).where('id', '=', b.personId).executeTakeFirst();
        if (!person) throw new AppError('NOT_FOUND', { zh: '没有这位居民', en: 'No such resident' });
        userId = await upsertSelfUser(db, `citizen-${person.id}`, person.name, 'citizen', person.village_code, { person_id: person.id });
      } else {
        const e = await db.selectFrom('enterprise').select(['id', 'name', 'township_code']).where('id', '=', b.enterpriseId).executeTakeFirst();
        if (!e) throw new AppError('NOT_FOUND', { zh: '没有这家企业', en: 'No such enterprise' });
        userId = await upsertSelfUser(db, `enterprise-${e.id}`, e.name, 'enterprise', e.township_code, { enterprise_id: e.id });
      }
      const s = await startSession(reply, userId);
      return { user: await userView(db, await principalFor(userId, s.csrfToken)), csrfToken: s.csrfToken };
    },
  );
}

/** Citizen and enterprise accounts have no password here: they sign in through unified identity (OIDC) or the demo. */
export async function upsertSelfUser(
  db: DbOrTx,
  username: string,
  displayName: string,
  role: 'citizen' | 'enterprise',
  orgCode: string,
  link: { person_id?: number; enterprise_id?: number },
): Promise<number> {
  const existing = await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('app_user')
    .values({
      username,
      display_name: displayName,
      password_hash: null,
      role,
      org_code: orgCode,
      department_code: null,
      person_id: link.person_id ?? null,
      enterprise_id: link.enterprise_id ?? null,
      oidc_subject: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
