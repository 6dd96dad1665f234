// The `huimin` command: migrate, seed, import, serve, start (migrate + seed on first start + serve), user.
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { buildApp } from '../server/app.js';
import { loadConfig, type Config } from '../server/config.js';
import { openDatabase, type DbHandle } from '../server/db/index.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { createStaffUser, DEMO_PASSWORD, DEMO_STAFF, NewStaffUserSchema } from '../server/modules/accounts/index.js';
import { startEscalationLoop } from '../server/modules/cases/index.js';
import { channelsFromConfig, dispatchNotifications, runNotificationHook, startNotificationDispatcher } from '../server/modules/benefits/index.js';
import { feedNames, importFile } from '../server/modules/exchange/index.js';
import { loadReferenceData } from '../server/modules/registry/index.js';
import { buildSnapshot, createRun, executeRun, syncPolicyPack } from '../server/modules/rules/index.js';
import { shanghaiDate, systemClock } from '../server/platform/clock.js';
import { openPlatformDatabase, PLAN_DIR, POLICY_DIR, prepareForStart, registryIsEmpty, seedDemoCity } from '../server/startup.js';
import { AppError } from '../server/platform/errors.js';
import { createNextPlan, recomputeIndicators, syncPlanDir } from '../server/modules/plan/index.js';

const USAGE = `huimin — 惠民 platform command

  huimin migrate                         apply database migrations (idempotent)
  huimin seed [--persons N] [--seed S]   generate the synthetic city (into an empty registry)
  huimin import <feed> <file> [--mode reject|quarantine]
                                         load a department feed (CSV or JSON; UTF-8 or GBK)
  huimin serve                           serve the API and web UI
  huimin start                           migrate, seed the demo city on first start, then serve
  huimin policies sync                   load new or changed data/policies/*.yaml as policy versions
  huimin snapshot [--as-of YYYY-MM-DD]   materialise a fact snapshot (default: today)
  huimin run [--snapshot ID] [--period YYYY-MM] [--policy ID ...]
                                         run active policies over a snapshot, writing entitlements
  huimin plan sync                       load data/plan/*.yaml plans not yet in the database
  huimin plan recompute [--year Y] [--through M]
                                         recompute the indicators computed from the platform's data
  huimin plan next --from Y --to Y2      create a year's plan as a copy of an earlier one
  huimin notify [--limit N]              deliver pending notifications once (inbox; webhook if configured)
  huimin user add --username U --name N --role R --org CODE [--department D] (password from HUIMIN_PASSWORD)
  huimin user list
  huimin user disable --username U

Environment: DATABASE_URL (PostgreSQL; default embedded PGlite), HUIMIN_DATA_DIR (default .data),
PORT (default 3000), HUIMIN_PERSONS (default 200000), HUIMIN_SEED, HUIMIN_DEMO (default 1),
HUIMIN_WEBHOOK_URL and HUIMIN_WEBHOOK_SECRET (notification gateway; both or neither).`;

const progress = (label: string) => {
  let last = 0;
  return (p: { phase: string; done: number; total: number }) => {
    const now = Date.now();
    if (now - last < 1000 && p.done < p.total) return;
    last = now;
    const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
    process.stderr.write(`${label} ${p.phase}: ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} (${pct}%)\n`);
  };
};

const log = (line: string) => process.stderr.write(`${line}\n`);

async function seed(h: DbHandle, config: Config, persons: number, seedValue: number) {
  log(`seeding the synthetic city: ${persons.toLocaleString('en')} persons, seed ${seedValue}`);
  const summary = await seedDemoCity(h, config, systemClock, { persons, seed: seedValue, onProgress: progress('seed') });
  log(`seeded in ${summary.seconds.toFixed(1)} s: ${JSON.stringify(summary.tables)}`);
}

async function serve(h: DbHandle, config: Config) {
  const app = await buildApp({ config, dbh: h, clock: systemClock });
  // The notification outbox is delivered by the serving process (tests build the app without it).
  const dispatcher = startNotificationDispatcher(h.db, channelsFromConfig(config), { onError: (e) => app.log.error({ err: { message: (e as Error).message } }, 'notification dispatch failed') });
  // Overdue cases escalate to the level above and onto its board, checked every minute.
  const escalation = startEscalationLoop(h.db, systemClock, { onError: (e) => app.log.error({ err: { message: (e as Error).message } }, 'case escalation failed') });
  const close = async () => {
    await escalation.stop();
    await dispatcher.stop();
    await app.close();
    await h.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  await app.listen({ port: config.port, host: config.host });
  process.stderr.write(`Huimin is ready on http://localhost:${config.port} (database: ${h.kind})\n`);
  if (config.demoMode) {
    process.stderr.write(`demo staff accounts (password ${DEMO_PASSWORD}): ${DEMO_STAFF.map((u) => u.username).join(', ')}\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const h = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const { applied } = await migrateToLatest(h.db);
      await loadReferenceData(h.db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
      await h.close();
      return;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { persons: { type: 'string' }, seed: { type: 'string' } } });
      const h = await openPlatformDatabase(config, log);
      if (!(await registryIsEmpty(h))) {
        await h.close();
        throw new Error('The registry already holds persons; the synthetic city is generated into an empty database only (use a new HUIMIN_DATA_DIR or database).');
      }
      await seed(h, config, values.persons ? Number(values.persons) : config.persons, values.seed ? Number(values.seed) : config.seed);
      await h.close();
      return;
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { mode: { type: 'string', default: 'reject' } } });
      const [feed, file] = positionals;
      if (!feed || !file) throw new Error(`usage: huimin import <feed> <file>; feeds: ${feedNames().join(', ')}`);
      if (values.mode !== 'reject' && values.mode !== 'quarantine') throw new Error('--mode is reject or quarantine');
      const h = await openPlatformDatabase(config, log);
      try {
        const result = await importFile(h, { feed, fileName: basename(file), content: await readFile(file), mode: values.mode, userId: null, onProgress: progress('import') });
        console.log(JSON.stringify(result.batch, null, 2));
        if (result.errors.length) {
          console.log(`first errors (of ${result.batch.rowsRejected}):`);
          for (const e of result.errors.slice(0, 20)) console.log(`  line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${e.message} / ${e.messageEn}`);
        }
        if (result.batch.status === 'rejected') process.exitCode = 3;
      } finally {
        await h.close();
      }
      return;
    }
    case 'serve': {
      await serve(await openPlatformDatabase(config, log), config);
      return;
    }
    case 'start': {
      const { handle, seeded } = await prepareForStart(config, systemClock, { onProgress: progress('seed'), log, onChunk: runNotificationHook(config, systemClock) });
      if (seeded) log(`seeded in ${seeded.seconds.toFixed(1)} s: ${JSON.stringify(seeded.tables)}`);
      await serve(handle, config);
      return;
    }
    case 'policies': {
      if (rest[0] !== 'sync') throw new Error('usage: huimin policies sync');
      const h = await openPlatformDatabase(config, log);
      try {
        const r = await syncPolicyPack(h.db, POLICY_DIR);
        console.log(`policy pack: ${r.loaded} files, ${r.changed.length} loaded as new versions${r.changed.length ? `: ${r.changed.join(', ')}` : ''}`);
      } finally {
        await h.close();
      }
      return;
    }
    case 'plan': {
      const { values } = parseArgs({ args: rest.slice(1), options: { year: { type: 'string' }, through: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
      const h = await openPlatformDatabase(config, log);
      try {
        if (rest[0] === 'sync') {
          const r = await syncPlanDir(h.db, PLAN_DIR);
          console.log(`plans loaded: ${r.loaded.join(', ') || 'none'}; already present: ${r.skipped.join(', ') || 'none'}`);
        } else if (rest[0] === 'recompute') {
          const today = shanghaiDate(systemClock.now());
          const year = Number(values.year ?? today.slice(0, 4));
          const through = Number(values.through ?? (year < Number(today.slice(0, 4)) ? 12 : Number(today.slice(5, 7))));
          if (!Number.isInteger(year) || !Number.isInteger(through) || through < 1 || through > 12) throw new Error('--year must be a year and --through a month 1-12');
          const t0 = Date.now();
          const r = await recomputeIndicators(h.db, year, through);
          console.log(`plan ${year}: ${r.indicators} computed indicators, ${r.values} values (January-${through}), ${r.changed} of them changed, ${Date.now() - t0} ms`);
        } else if (rest[0] === 'next') {
          if (!values.from || !values.to) throw new Error('usage: huimin plan next --from YEAR --to YEAR');
          await createNextPlan(h.db, Number(values.from), Number(values.to), null);
          console.log(`plan ${values.to} created from ${values.from}`);
        } else throw new Error('usage: huimin plan sync | recompute [--year Y] [--through M] | next --from Y --to Y2');
      } finally {
        await h.close();
      }
      return;
    }
    case 'snapshot': {
      const { values } = parseArgs({ args: rest, options: { 'as-of': { type: 'string' } } });
      const asOf = values['as-of'] ?? shanghaiDate(systemClock.now());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error('--as-of must be YYYY-MM-DD');
      const h = await openPlatformDatabase(config, log);
      try {
        const t0 = Date.now();
        const s = await buildSnapshot(h.db, { asOf, actorId: null });
        console.log(`snapshot ${s.id} as of ${s.asOf}: ${JSON.stringify(s.rowCounts)}, content hash ${s.contentHash}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      } finally {
        await h.close();
      }
      return;
    }
    case 'run': {
      const { values } = parseArgs({ args: rest, options: { snapshot: { type: 'string' }, period: { type: 'string' }, policy: { type: 'string', multiple: true } } });
      if (values.period && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) throw new Error('--period must be YYYY-MM');
      const h = await openPlatformDatabase(config, log);
      try {
        const t0 = Date.now();
        const id = await createRun(h.db, {
          actorId: null,
          ...(values.snapshot ? { snapshotId: Number(values.snapshot) } : {}),
          ...(values.period ? { periodMonth: values.period } : {}),
          ...(values.policy ? { policyIds: values.policy } : {}),
        });
        const { chunks_total: total } = await h.db.selectFrom('policy_run').select('chunks_total').where('id', '=', id).executeTakeFirstOrThrow();
        const report = progress('run');
        await executeRun(h.db, id, { parallel: h.kind === 'postgres' ? 2 : 1, onChunk: runNotificationHook(config, systemClock), afterChunk: (n) => report({ phase: 'district chunks', done: n, total }) });
        const r = await h.db.selectFrom('policy_run').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        console.log(`run ${id}: ${r.status}, ${r.entitlements_created} entitlements, ${r.near_miss} near misses, ${r.missing_data} missing data, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      } finally {
        await h.close();
      }
      return;
    }
    case 'notify': {
      const { values } = parseArgs({ args: rest, options: { limit: { type: 'string', default: '1000' } } });
      const h = await openPlatformDatabase(config, log);
      try {
        const r = await dispatchNotifications(h.db, channelsFromConfig(config), { limit: Number(values.limit) });
        console.log(`notifications: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`);
      } finally {
        await h.close();
      }
      return;
    }
    case 'user': {
      const [sub, ...args] = rest;
      const { values } = parseArgs({ args, options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' }, department: { type: 'string' } } });
      const h = await openPlatformDatabase(config, log);
      try {
        if (sub === 'add') {
          const input = NewStaffUserSchema.parse({
            username: values.username,
            displayName: values.name ?? values.username,
            password: process.env.HUIMIN_PASSWORD,
            role: values.role,
            orgCode: values.org,
            departmentCode: values.department ?? null,
          });
          const id = await createStaffUser(h.db, input);
          console.log(`created user ${input.username} (#${id})`);
        } else if (sub === 'list') {
          const users = await h.db.selectFrom('app_user').select(['username', 'display_name', 'role', 'org_code', 'department_code', 'active']).where('role', 'not in', ['citizen', 'enterprise']).orderBy('username').execute();
          for (const u of users) console.log(`${u.username}\t${u.role}\t${u.org_code}\t${u.department_code ?? '-'}\t${u.active ? 'active' : 'disabled'}\t${u.display_name}`);
        } else if (sub === 'disable') {
          const r = await h.db.updateTable('app_user').set({ active: false }).where('username', '=', values.username ?? '').executeTakeFirst();
          if (!r.numUpdatedRows) throw new Error(`no user ${values.username}`);
          await h.db.deleteFrom('app_session').where('user_id', 'in', (eb) => eb.selectFrom('app_user').select('id').where('username', '=', values.username ?? '')).execute();
          console.log(`disabled ${values.username}`);
        } else {
          throw new Error('usage: huimin user add|list|disable');
        }
      } finally {
        await h.close();
      }
      return;
    }
    default:
      console.log(USAGE);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof AppError) process.stderr.write(`error: ${e.messageZh} / ${e.messageEn}\n`);
  else if (e && typeof e === 'object' && 'issues' in e) process.stderr.write(`error: ${JSON.stringify((e as { issues: unknown }).issues)}\n`);
  else process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
