// Builds the Fastify application: platform plugins, the access check every route goes through,
// the single error handler, the domain modules and the web UI. Tests call buildApp directly.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Db, DbHandle } from './db/index.js';
import { hasPermission, type Permission, type Principal } from './platform/access.js';
import type { Clock } from './platform/clock.js';
import { AppError, forbidden, unauthenticated } from './platform/errors.js';
import { loadSession, SESSION_COOKIE } from './platform/session.js';
import { issueToDetail } from './platform/validation.js';
import { projectRoot } from './paths.js';
import { accountsRoutes } from './modules/accounts/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { benefitsRoutes, runNotificationHook } from './modules/benefits/index.js';
import { exchangeRoutes } from './modules/exchange/index.js';
import { registryRoutes } from './modules/registry/index.js';
import { planRoutes } from './modules/plan/index.js';
import { casesRoutes, publicCaseRoutes } from './modules/cases/index.js';
import { rulesRoutes } from './modules/rules/index.js';
import { employmentPortalRoutes, employmentRoutes, servicePointRoutes, warningRoutes } from './modules/employment/index.js';
import { insurancePortalRoutes, insuranceRoutes } from './modules/insurance/index.js';

/** What a route demands: open to anyone, any signed-in user, or a named permission. */
export type Access = 'public' | 'signed-in' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export type AppDeps = { config: Config; dbh: DbHandle; clock: Clock; /** Where logs go (tests capture them); stdout by default. */ logStream?: NodeJS.WritableStream };
export type AppContext = AppDeps & { db: Db };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UNCHECKED_PREFIXES = ['/api/docs'];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const ctx: AppContext = { ...deps, db: deps.dbh.db };
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Logs carry no personal data: no query strings (they may hold names), no headers, no bodies.
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? req.url.split('?')[0], id: req.id }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    genReqId: () => `req-${randomUUID()}`,
    bodyLimit: 256 * 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', undefined);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // antd writes its styles at run time
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: deps.config.secureCookies,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, c) =>
      new AppError('RATE_LIMITED', {
        zh: `尝试过于频繁,请在 ${Math.ceil(c.ttl / 1000)} 秒后重试`,
        en: `Too many attempts; try again in ${Math.ceil(c.ttl / 1000)} s`,
      }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Huimin 惠民 API', version: '0.1.0', description: '重庆市惠民暖心优服行动平台接口 / Huimin platform API' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // Every /api route must say who may call it; a route that does not is a programming error.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api') || UNCHECKED_PREFIXES.some((p) => route.url.startsWith(p))) return;
    if (!route.config?.access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.principal = await loadSession(ctx.db, ctx.clock, token);
  });

  app.addHook('preHandler', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') return;
    const p = req.principal;
    if (!p) throw unauthenticated();
    if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== p.csrfToken) {
      throw new AppError('CSRF', { zh: '请求缺少有效的防伪令牌,请刷新页面后重试', en: 'Missing or wrong CSRF token; reload the page and try again' });
    }
    if (access !== 'signed-in' && !hasPermission(p, access)) throw forbidden();
  });

  app.setErrorHandler((err, req, reply) => {
    const e = toAppError(err);
    if (e.code === 'INTERNAL') req.log.error({ err: { type: (err as Error).name, message: (err as Error).message, stack: (err as Error).stack } }, 'unhandled error');
    void reply.status(e.status).send({
      error: { code: e.code, message: e.messageZh, messageEn: e.messageEn, requestId: req.id, ...(e.details ? { details: e.details } : {}) },
    });
  });

  const webDir = join(projectRoot, 'dist', 'web');
  const webRoot = existsSync(join(webDir, 'index.html')) ? webDir : undefined;
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || req.method !== 'GET' || !webRoot) {
      void reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在', messageEn: 'No such endpoint', requestId: req.id } });
      return;
    }
    // Client-side routes of the single-page app.
    void reply.type('text/html').sendFile('index.html');
  });

  app.get('/api/health', { config: { access: 'public' } }, async () => {
    await ctx.db.selectFrom('division').select('code').limit(1).execute();
    return { ok: true, database: ctx.dbh.kind };
  });

  await app.register(async (a) => accountsRoutes(a, ctx));
  await app.register(async (a) => registryRoutes(a, ctx));
  await app.register(async (a) => exchangeRoutes(a, ctx));
  // Each district of a run queues its notifications in the run's own transaction.
  await app.register(async (a) => rulesRoutes(a, ctx, { parallel: ctx.dbh.kind === 'postgres' ? 2 : 1, onChunk: runNotificationHook(ctx.config, ctx.clock) }));
  await app.register(async (a) => auditRoutes(a, ctx));
  await app.register(async (a) => benefitsRoutes(a, ctx));
  await app.register(async (a) => planRoutes(a, ctx));
  await app.register(async (a) => casesRoutes(a, ctx));
  await app.register(async (a) => publicCaseRoutes(a, ctx));
  await app.register(async (a) => employmentRoutes(a, ctx));
  await app.register(async (a) => employmentPortalRoutes(a, ctx));
  await app.register(async (a) => warningRoutes(a, ctx));
  await app.register(async (a) => servicePointRoutes(a, ctx));
  await app.register(async (a) => insuranceRoutes(a, ctx));
  await app.register(async (a) => insurancePortalRoutes(a, ctx));

  if (webRoot) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
  }
  return app;
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) =>
      issueToDetail({ ...(v.params as Record<string, unknown>), code: v.keyword, path: v.instancePath.split('/').filter(Boolean), message: v.message ?? '' }, err.validationContext),
    );
    return new AppError('VALIDATION', { zh: '请求参数有误:' + details.map((d) => `${d.path} ${d.message}`).join(';'), en: 'Invalid request: ' + details.map((d) => `${d.path} ${d.messageEn}`).join('; ') }, details);
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', { zh: '上传内容过大', en: 'The request body is too large' });
  if (status === 415) return new AppError('VALIDATION', { zh: '不支持的内容类型', en: 'Unsupported content type' });
  if (status === 429) return new AppError('RATE_LIMITED', { zh: '请求过于频繁', en: 'Too many requests' });
  if (status && status >= 400 && status < 500) {
    return new AppError('VALIDATION', { zh: '请求格式有误', en: `Malformed request: ${(err as Error).message}` });
  }
  return new AppError('INTERNAL', { zh: '服务器内部错误,请稍后重试', en: 'Internal server error; please try again later' });
}
