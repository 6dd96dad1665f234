// Runtime configuration, read once from the environment. Nothing else reads process.env.
import { resolve } from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  HUIMIN_DATA_DIR: z.string().min(1).default('.data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  HUIMIN_DEMO: z.enum(['0', '1', 'true', 'false']).default('1'),
  HUIMIN_SEED: z.coerce.number().int().default(20230330),
  HUIMIN_PERSONS: z.coerce.number().int().min(100).default(200_000),
  HUIMIN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HUIMIN_SECURE_COOKIES: z.enum(['0', '1']).default('0'),
  HUIMIN_WEBHOOK_URL: z.string().url().optional(),
  HUIMIN_WEBHOOK_SECRET: z.string().min(16).optional(),
});

export type Config = {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Directory holding the embedded database (pglite/) and other local state. */
  dataDir: string;
  port: number;
  host: string;
  /** Demo mode enables the demo login for synthetic residents and enterprises. */
  demoMode: boolean;
  seed: number;
  persons: number;
  logLevel: z.infer<typeof EnvSchema>['HUIMIN_LOG_LEVEL'];
  secureCookies: boolean;
  /** Notification webhook (an SMS or app gateway): JSON POSTs signed with HMAC-SHA256; null when not set. */
  webhook: { url: string; secret: string } | null;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (e.g. DATABASE_URL= to force the embedded database).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  if (!!e.HUIMIN_WEBHOOK_URL !== !!e.HUIMIN_WEBHOOK_SECRET) {
    throw new Error('Invalid configuration: HUIMIN_WEBHOOK_URL and HUIMIN_WEBHOOK_SECRET are set together (the secret signs every request)');
  }
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.HUIMIN_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    demoMode: e.HUIMIN_DEMO === '1' || e.HUIMIN_DEMO === 'true',
    seed: e.HUIMIN_SEED,
    persons: e.HUIMIN_PERSONS,
    logLevel: e.HUIMIN_LOG_LEVEL,
    secureCookies: e.HUIMIN_SECURE_COOKIES === '1',
    webhook: e.HUIMIN_WEBHOOK_URL && e.HUIMIN_WEBHOOK_SECRET ? { url: e.HUIMIN_WEBHOOK_URL, secret: e.HUIMIN_WEBHOOK_SECRET } : null,
  };
}

/** Configuration for tests: in-memory database, demo mode on, quiet logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), dataDir: ':memory:', logLevel: 'silent', ...overrides };
}
