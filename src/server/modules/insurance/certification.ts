// Imperceptible certification (认证无感, M21): once a year every person receiving a recurring benefit
// is shown to be alive and entitled from department data, without coming in. Signals from several
// departments carry weights (data/insurance/certification.yaml); a recipient whose signals reach
// the threshold is certified by data. A death or a prison record suspends the benefits and the
// amount paid after it is computed and recovered. Everyone else gets a task: remote
// self-certification, or a home visit by the township.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.js';
import type { CertificationStatus, LifeSignalSource } from '../../db/schema.js';
import { projectRoot } from '../../paths.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { maskName } from '../../platform/mask.js';
import { addWorkingDays, loadKind, openCaseIn } from '../cases/index.js';
import { fen } from './labels.js';

const Label = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export const CertificationConfig = z.object({
  windowDays: z.number().int().min(30).max(730),
  threshold: z.number().int().min(1),
  visitAge: z.number().int().min(60).max(120),
  taskWorkingDays: z.number().int().min(1).max(120),
  sources: z.array(z.object({ code: z.enum(['medical_visit', 'social_card', 'transport', 'civil_affairs', 'residence']), department: z.string(), weight: z.number().int().min(0).max(1000), label: Label })).min(1),
});
export type CertificationConfig = z.infer<typeof CertificationConfig>;

let cached: CertificationConfig | undefined;
export function certificationConfig(): CertificationConfig {
  cached ??= CertificationConfig.parse(parseYaml(readFileSync(join(projectRoot, 'data', 'insurance', 'certification.yaml'), 'utf8')));
  return cached;
}

export type CertificationRunSummary = { runId: number; year: number; asOf: string; recipients: number; byStatus: Record<string, number>; dataRate: number | null; suspendedAwards: number; recoveryCases: number; seconds: number };

/** The status a recipient ends the run with, given the status they had (null: none yet this year). */
const FINAL_STATUS = sql.raw(`CASE
  WHEN c.status IN ('suspended_death', 'suspended_custody') THEN c.status
  WHEN n.status IN ('suspended_death', 'suspended_custody') THEN n.status
  WHEN c.status IN ('data_certified', 'self_certified', 'visited') THEN c.status
  WHEN c.status = 'not_certified' AND n.status IN ('pending_self', 'pending_visit') THEN c.status
  ELSE n.status END`);

/** Certifies every recipient for `year` on the data up to `asOf`. Re-running updates, never duplicates. */
export async function runCertification(db: Db, clock: Clock, args: { year: number; asOf?: string; actorId: number | null }): Promise<CertificationRunSummary> {
  const t0 = Date.now();
  const cfg = certificationConfig();
  const asOf = args.asOf ?? shanghaiDate(clock.now());
  if (Number(asOf.slice(0, 4)) !== args.year) throw new AppError('VALIDATION', { zh: '认证日期须在认证年度内', en: 'The certification date must be in the year certified' }, [{ path: 'year', message: '年度与日期不符', messageEn: 'year and date differ' }]);
  const now = clock.now();
  const run = await db.insertInto('insurance_check_run').values({ pack: 'certification', snapshot_id: null, as_of: asOf, status: 'running', created_by: args.actorId, started_at: now }).returning('id').executeTakeFirstOrThrow();
  const runId = Number(run.id);
  const weight = (code: LifeSignalSource) => cfg.sources.find((s) => s.code === code)?.weight ?? 0;
  const taskDue = addWorkingDays(asOf, cfg.taskWorkingDays);
  const yearStart = `${args.year}-01-01`;
  try {
    const result = await db.transaction().execute(async (trx) => {
      await sql`CREATE TEMP TABLE cert_new ON COMMIT DROP AS
        WITH rec AS (
          SELECT a.person_id, count(*)::int AS awards FROM benefit_award a
          WHERE a.start_month <= ${asOf}::date
            AND (a.status = 'active' OR (a.status = 'suspended' AND a.status_reason IN ('death', 'custody', 'not_certified') AND a.status_on >= ${yearStart}::date))
          GROUP BY a.person_id),
        sig AS (
          SELECT s.person_id, jsonb_object_agg(s.source, s.last) AS signals,
            sum(CASE s.source WHEN 'medical_visit' THEN ${weight('medical_visit')}::int WHEN 'social_card' THEN ${weight('social_card')}::int
              WHEN 'transport' THEN ${weight('transport')}::int WHEN 'civil_affairs' THEN ${weight('civil_affairs')}::int ELSE ${weight('residence')}::int END)::int AS score
          FROM (SELECT l.person_id, l.source, max(l.signal_date)::text AS last FROM life_signal l JOIN rec ON rec.person_id = l.person_id
                WHERE l.signal_date > (${asOf}::date - ${cfg.windowDays}::int) AND l.signal_date <= ${asOf}::date GROUP BY 1, 2) s
          GROUP BY s.person_id),
        cust AS (SELECT person_id, min(start_date) AS start_date FROM justice_custody
                 WHERE start_date <= ${asOf}::date AND (end_date IS NULL OR end_date >= ${asOf}::date) GROUP BY person_id)
        SELECT rec.person_id, rec.awards, p.district_code, p.township_code, coalesce(sig.score, 0) AS score, coalesce(sig.signals, '{}'::jsonb) AS signals,
          d.death_date, cust.start_date AS custody_start,
          CASE WHEN d.death_date IS NOT NULL THEN 'suspended_death'
               WHEN cust.start_date IS NOT NULL THEN 'suspended_custody'
               WHEN coalesce(sig.score, 0) >= ${cfg.threshold}::int THEN 'data_certified'
               WHEN p.phone IS NULL OR extract(year FROM age(${asOf}::date, p.birth_date)) >= ${cfg.visitAge}::int THEN 'pending_visit'
               ELSE 'pending_self' END AS status
        FROM rec JOIN person p ON p.id = rec.person_id
        LEFT JOIN sig ON sig.person_id = rec.person_id
        LEFT JOIN police_death d ON d.person_id = rec.person_id AND d.death_date <= ${asOf}::date
        LEFT JOIN cust ON cust.person_id = rec.person_id`.execute(trx);
      await sql`CREATE TEMP TABLE cert_final ON COMMIT DROP AS
        SELECT n.*, c.status AS old_status, ${FINAL_STATUS} AS final_status, c.task_due AS old_due, c.certified_on AS old_certified
        FROM cert_new n LEFT JOIN certification c ON c.person_id = n.person_id AND c.year = ${args.year}::int`.execute(trx);
      await sql`INSERT INTO certification (person_id, year, district_code, township_code, status, score, signals, awards, run_id, task_due, certified_on)
        SELECT person_id, ${args.year}::int, district_code, township_code, final_status, score, signals, awards, ${runId},
          CASE WHEN final_status IN ('pending_self', 'pending_visit') THEN coalesce(old_due, ${taskDue}::date) ELSE old_due END,
          CASE WHEN final_status = 'data_certified' AND old_status IS DISTINCT FROM 'data_certified' THEN ${asOf}::date ELSE old_certified END
        FROM cert_final
        ON CONFLICT (person_id, year) DO UPDATE SET status = EXCLUDED.status, score = EXCLUDED.score, signals = EXCLUDED.signals, awards = EXCLUDED.awards,
          run_id = EXCLUDED.run_id, task_due = EXCLUDED.task_due, certified_on = EXCLUDED.certified_on, district_code = EXCLUDED.district_code,
          township_code = EXCLUDED.township_code, version = certification.version + CASE WHEN certification.status = EXCLUDED.status THEN 0 ELSE 1 END`.execute(trx);
      await sql`INSERT INTO certification_event (person_id, year, action, status_after, note, actor_id, at)
        SELECT person_id, ${args.year}::int, 'run', final_status, ${`run ${runId}`}, NULL, ${now} FROM cert_final WHERE old_status IS DISTINCT FROM final_status`.execute(trx);
      // Death and custody stop every benefit still being paid, from the date recorded.
      const suspended = await sql`UPDATE benefit_award a SET status = 'suspended',
          status_reason = CASE f.final_status WHEN 'suspended_death' THEN 'death' ELSE 'custody' END,
          status_on = CASE f.final_status WHEN 'suspended_death' THEN f.death_date ELSE f.custody_start END
        FROM cert_final f WHERE f.person_id = a.person_id AND f.final_status IN ('suspended_death', 'suspended_custody')
          AND f.old_status IS DISTINCT FROM f.final_status AND a.status = 'active'`.execute(trx);
      // What was paid after the month of death, or after the month custody began, is overpaid.
      await sql`UPDATE certification c SET overpaid_fen = o.fen
        FROM (SELECT f.person_id, sum(y.amount_fen)::bigint AS fen FROM cert_final f JOIN benefit_payment y ON y.person_id = f.person_id
              WHERE (f.final_status = 'suspended_death' AND y.month > date_trunc('month', f.death_date))
                 OR (f.final_status = 'suspended_custody' AND y.month > date_trunc('month', f.custody_start))
              GROUP BY f.person_id) o
        WHERE c.person_id = o.person_id AND c.year = ${args.year}::int AND c.overpaid_fen <> o.fen`.execute(trx);
      const recoveries = await openRecoveries(trx, clock, args.year);
      const counts = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM certification WHERE year = ${args.year}::int GROUP BY status`.execute(trx);
      return { suspendedAwards: Number(suspended.numAffectedRows ?? 0), recoveryCases: recoveries, counts: counts.rows };
    });
    const byStatus = Object.fromEntries(result.counts.map((c) => [c.status, c.n]));
    const recipients = result.counts.reduce((a, c) => a + c.n, 0);
    const living = recipients - (byStatus.suspended_death ?? 0);
    const summary: CertificationRunSummary = {
      runId,
      year: args.year,
      asOf,
      recipients,
      byStatus,
      dataRate: living > 0 ? (byStatus.data_certified ?? 0) / living : null,
      suspendedAwards: result.suspendedAwards,
      recoveryCases: result.recoveryCases,
      seconds: (Date.now() - t0) / 1000,
    };
    await db.updateTable('insurance_check_run').set({ status: 'completed', finished_at: clock.now(), counts: JSON.stringify(summary) }).where('id', '=', runId).execute();
    return summary;
  } catch (e) {
    await db.updateTable('insurance_check_run').set({ status: 'failed', finished_at: clock.now(), error: e instanceof Error ? e.message.slice(0, 500) : 'failed' }).where('id', '=', runId).execute();
    throw e;
  }
}

/**
 * A recovery case for each death or custody with an overpayment, unless one exists or a risk hit
 * about the same person's payments after death or in custody is already being handled.
 */
async function openRecoveries(trx: DbOrTx, clock: Clock, year: number): Promise<number> {
  const due = await trx
    .selectFrom('certification as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .select(['c.person_id', 'c.status', 'c.overpaid_fen', 'c.district_code', 'p.name'])
    .where('c.year', '=', year)
    .where('c.status', 'in', ['suspended_death', 'suspended_custody'])
    .where('c.overpaid_fen', '>', 0)
    .where('c.recovery_case_id', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('risk_hit as h').select('h.id').whereRef('h.person_id', '=', 'c.person_id').where('h.rule_id', 'in', ['risk-paid-after-death', 'risk-paid-in-custody']).where('h.status', 'in', ['open', 'confirmed']))),
    )
    .orderBy('c.person_id')
    .execute();
  if (due.length === 0) return 0;
  const kind = await loadKind(trx, 'overpayment_recovery');
  if (!kind) throw new Error('case kind overpayment_recovery is not loaded');
  for (const r of due) {
    const death = r.status === 'suspended_death';
    const amount = Number(r.overpaid_fen);
    const c = await openCaseIn(trx, clock, {
      kind,
      details: {
        title: death ? '领取人死亡后多发待遇追回' : '服刑期间多发待遇追回',
        district: r.district_code,
        recipient: maskName(r.name),
        amountFen: amount,
        basis: death
          ? `${year}年度资格认证：公安死亡登记，待遇自死亡次月起停发；死亡次月起已发 ${fen(amount)} 元`
          : `${year}年度资格认证：司法服刑记录，待遇自收监次月起停发；收监次月起已发 ${fen(amount)} 元`,
      },
      source: 'system',
      reporter: { name: null, phone: null },
      subjectRef: `certification:${year}:${r.person_id}`,
      by: null,
    });
    await trx.updateTable('certification').set({ recovery_case_id: c.id }).where('person_id', '=', r.person_id).where('year', '=', year).execute();
  }
  return due.length;
}

export const TaskResult = z.object({
  result: z.enum(['self_certified', 'visited', 'not_done']),
  note: z.string().trim().max(500).optional(),
  version: z.number().int().positive(),
});

/**
 * Records the outcome of a certification task: the recipient certified remotely, the township
 * visited and saw them, or the task was not done (benefits are suspended until certified).
 */
export async function recordTask(db: Db, clock: Clock, args: { personId: number; year: number; result: 'self_certified' | 'visited' | 'not_done'; note?: string | undefined; version: number; actorId: number | null }) {
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('certification').selectAll().where('person_id', '=', args.personId).where('year', '=', args.year).forUpdate().executeTakeFirst();
    if (!c) throw new AppError('NOT_FOUND', { zh: '该人员本年度没有认证记录', en: 'No certification for this person and year' });
    if (c.version !== args.version) throw new AppError('CONFLICT', { zh: '认证记录已被他人更新，请刷新后重试', en: 'The certification changed meanwhile; reload and try again' });
    const open: CertificationStatus[] = ['pending_self', 'pending_visit', 'not_certified'];
    if (!open.includes(c.status)) throw new AppError('CONFLICT', { zh: `当前状态(${c.status})无需认证任务`, en: `No task is open in status ${c.status}` });
    if (args.result === 'not_done' && c.status === 'not_certified') throw new AppError('CONFLICT', { zh: '已记录为未认证', en: 'Already recorded as not certified' });
    const status: CertificationStatus = args.result === 'not_done' ? 'not_certified' : args.result;
    const today = shanghaiDate(clock.now());
    await trx
      .updateTable('certification')
      .set({ status, certified_on: status === 'not_certified' ? null : today, version: c.version + 1 })
      .where('person_id', '=', args.personId)
      .where('year', '=', args.year)
      .execute();
    await trx.insertInto('certification_event').values({ person_id: args.personId, year: args.year, action: args.result, status_after: status, note: args.note ?? null, actor_id: args.actorId, at: clock.now() }).execute();
    if (status === 'not_certified') {
      await trx.updateTable('benefit_award').set({ status: 'suspended', status_reason: 'not_certified', status_on: today }).where('person_id', '=', args.personId).where('status', '=', 'active').execute();
    } else {
      // Benefits stopped only for want of certification are paid again.
      await trx.updateTable('benefit_award').set({ status: 'active', status_reason: null, status_on: today }).where('person_id', '=', args.personId).where('status', '=', 'suspended').where('status_reason', '=', 'not_certified').execute();
    }
    return { status, version: c.version + 1 };
  });
}
