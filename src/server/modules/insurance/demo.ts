// The demo city's social insurance: the departments' feeds derived from the registry (feeds.ts),
// then, so that the district journeys have something to find, a few anomalies in 渝北区 that the
// risk rules must catch (two pensioners who died with their pensions still paid, one account shared
// by three unrelated recipients); then the first runs of the coverage and risk packs and of the
// year's certification, some outreach and certification work, audit decisions elsewhere in the
// city, and one-thing bundles at every stage.
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Principal } from '../../platform/access.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { upsertSelfUser } from '../accounts/index.js';
import { actOnCase } from '../cases/index.js';
import { actOnTask, applyEnrolment, applyRetirement } from './bundles.js';
import { recordTask, runCertification } from './certification.js';
import { runPack } from './checks.js';
import { seedInsuranceFeeds } from './feeds.js';

const YUBEI = '500112';

/** Before the first snapshot: the feeds, and the anomalies the demo's audit journey relies on. */
export async function prepareDemoInsurance(db: Db, clock: Clock, seed: number, log: (line: string) => void): Promise<void> {
  const t0 = Date.now();
  const asOf = shanghaiDate(clock.now());
  const counts = await seedInsuranceFeeds(db, { asOf, seed });
  if (Object.values(counts).every((n) => n === 0)) return;
  await db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto('import_batch')
      .values({ feed: 'police_death', department_code: 'public_security', file_name: 'demo: deaths reported late', file_sha256: '-', encoding: 'utf-8', mode: 'seed', status: 'loaded', rows_total: 2, rows_inserted: 2, finished_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Two pensioners of 渝北区 died in the month three months ago, on the 14th; their pensions kept
    // being paid (the death was registered late).
    const deathDate = sql<string>`(date_trunc('month', ${asOf}::date) - interval '3 months' + interval '13 days')::date`;
    await sql`INSERT INTO police_death (person_id, death_date, district_code, batch_id)
      SELECT a.person_id, ${deathDate}, ${YUBEI}, ${batch.id} FROM benefit_award a
      WHERE a.district_code = ${YUBEI} AND a.kind = 'employee_pension' AND a.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = a.person_id)
        AND NOT EXISTS (SELECT 1 FROM benefit_award o WHERE o.person_id = a.person_id AND o.id <> a.id)
        AND EXISTS (SELECT 1 FROM benefit_payment y WHERE y.award_id = a.id AND y.month > date_trunc('month', ${deathDate}))
        AND NOT EXISTS (SELECT 1 FROM employment e WHERE e.person_id = a.person_id AND (e.end_date IS NULL OR e.end_date > ${deathDate}))
      ORDER BY a.person_id LIMIT 2`.execute(trx);
    // One account into which three recipients of three households are paid.
    await sql`UPDATE benefit_award SET bank_account_hash = md5('demo-shared-account'), bank_account_masked = '6217********4508'
      WHERE id IN (SELECT DISTINCT ON (p.household_id) a.id FROM benefit_award a JOIN person p ON p.id = a.person_id
                   WHERE a.district_code = ${YUBEI} AND a.kind = 'resident_pension' AND a.status = 'active' AND p.household_id IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = a.person_id)
                   ORDER BY p.household_id, a.id LIMIT 3)`.execute(trx);
  });
  log(`social-insurance feeds: ${Object.entries(counts).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

const staff = async (db: Db, username: string): Promise<Principal> => {
  const u = await db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role', 'org_code', 'department_code']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: Number(u.id), username: u.username, displayName: u.display_name, role: u.role, orgCode: u.org_code, departmentCode: u.department_code, personId: null, enterpriseId: null, csrfToken: '' };
};

/** After the first snapshot and policy run: the first checks and some work on them. Once only. */
export async function seedDemoInsurance(db: Db, clock: Clock, log: (line: string) => void): Promise<void> {
  if (await db.selectFrom('insurance_check_run').select('id').limit(1).executeTakeFirst()) return;
  if (!(await db.selectFrom('benefit_award').select('id').limit(1).executeTakeFirst())) return;
  const t0 = Date.now();
  const today = shanghaiDate(clock.now());
  const year = Number(today.slice(0, 4));
  const risk = await runPack(db, clock, { pack: 'risk', actorId: null });
  const coverage = await runPack(db, clock, { pack: 'coverage', actorId: null });
  const cert = await runCertification(db, clock, { year, asOf: today, actorId: null });
  const hrss = await staff(db, 'hrss');
  const township = await staff(db, 'jiefangbei');

  // Outreach in 解放碑 and 渝北: a third of the open gaps worked, with every kind of outcome.
  const gaps = await db.selectFrom('coverage_gap').select(['id', 'version', 'rule_id']).where('status', '=', 'open').where((eb) => eb.or([eb('township_code', '=', township.orgCode), eb('district_code', '=', YUBEI)])).orderBy('id').execute();
  const outcomes = ['contacted', 'enrolled', 'contacted', 'not_applicable', 'refused', 'enrolled'] as const;
  const reasons: Record<string, string> = { not_applicable: '已在外省参保，提供了参保证明', refused: '本人暂不愿参保，已告知政策和补贴', enrolled: '已现场办理参保登记', contacted: '已电话联系本人，约定下周到社区办理' };
  let worked = 0;
  for (const [i, g] of gaps.entries()) {
    if (i % 3 !== 0) continue;
    const outcome = outcomes[worked++ % outcomes.length]!;
    const closes = outcome !== 'contacted';
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('coverage_gap').set({ ...(closes ? { status: outcome, closed_by: 'outreach' as const, closed_on: today, reason: reasons[outcome]! } : {}), version: g.version + 1 }).where('id', '=', g.id).execute();
      await trx.insertInto('coverage_gap_event').values({ gap_id: g.id, action: outcome, note: reasons[outcome]!, actor_id: township.userId, run_id: null, at: clock.now() }).execute();
    });
  }

  // Audit decisions outside 渝北 (whose hits wait for the district's officer): the city confirms
  // the first hit of each rule with money at stake and clears one shared-account hit.
  const open = await db.selectFrom('risk_hit').select(['id', 'rule_id', 'case_id', 'amount_fen']).where('status', '=', 'open').where('district_code', '<>', YUBEI).orderBy('id').execute();
  const seen = new Set<string>();
  let decided = 0;
  for (const h of open) {
    if (seen.has(h.rule_id) || !h.case_id) continue;
    seen.add(h.rule_id);
    const c = await db.selectFrom('case_record').select(['version']).where('id', '=', h.case_id).executeTakeFirstOrThrow();
    const confirm = h.rule_id !== 'risk-shared-account' && Number(h.amount_fen) > 0;
    await actOnCase(
      db,
      clock,
      Number(h.case_id),
      { kind: 'staff', userId: hrss.userId, role: hrss.role, orgCode: hrss.orgCode, departmentCode: hrss.departmentCode },
      { action: 'transition', transition: confirm ? 'confirm' : 'clear', conclusion: confirm ? 'confirmed' : 'cleared', evidence: confirm ? '经比对核实，情况属实，责令退回多发待遇' : '经核实为养老机构统一代管账户，已备案，排除疑点' },
      c.version,
    );
    decided++;
  }

  // Certification tasks in 解放碑: visits and remote certifications done for some.
  const tasks = await db.selectFrom('certification').select(['person_id', 'status', 'version']).where('year', '=', year).where('township_code', '=', township.orgCode).where('status', 'in', ['pending_self', 'pending_visit']).orderBy('person_id').execute();
  for (const [i, c] of tasks.entries()) {
    if (i % 2 === 1) continue;
    await recordTask(db, clock, { personId: Number(c.person_id), year, result: c.status === 'pending_visit' ? 'visited' : 'self_certified', note: c.status === 'pending_visit' ? '入户走访，见到本人' : '本人通过手机完成人脸识别认证', version: c.version, actorId: township.userId });
  }

  // Bundles: employers of 渝北 enrolling employees (one done, one half way, one new); a retirement.
  let bundles = 0;
  const employees = await sql<{ enterprise_id: number; id_number: string; name: string; township_code: string; ent_name: string }>`
    SELECT DISTINCT ON (e.enterprise_id) e.enterprise_id, p.id_number, p.name, ent.township_code, ent.name AS ent_name
    FROM employment e JOIN person p ON p.id = e.person_id JOIN enterprise ent ON ent.id = e.enterprise_id
    WHERE e.district_code = ${YUBEI} AND e.start_date <= ${today}::date AND (e.end_date IS NULL OR e.end_date >= ${today}::date)
      AND NOT EXISTS (SELECT 1 FROM hr_insurance_enrolment i WHERE i.person_id = p.id AND i.status = 'active' AND i.scheme = 'work_injury')
    ORDER BY e.enterprise_id, e.start_date DESC LIMIT 3`.execute(db);
  const medical = await staff(db, 'medical');
  for (const [i, w] of employees.rows.entries()) {
    const userId = await upsertSelfUser(db, `enterprise-${w.enterprise_id}`, w.ent_name, 'enterprise', w.township_code, { enterprise_id: Number(w.enterprise_id) });
    const p: Principal = { userId, username: `enterprise-${w.enterprise_id}`, displayName: w.ent_name, role: 'enterprise', orgCode: w.township_code, departmentCode: null, personId: null, enterpriseId: Number(w.enterprise_id), csrfToken: '' };
    const b = await applyEnrolment(db, clock, p, { idNumber: w.id_number, name: w.name });
    bundles++;
    if (i === 2) continue;
    const pending = await db.selectFrom('bundle_task').select(['code', 'department_code']).where('bundle_id', '=', b.id).where('status', '=', 'pending').orderBy('seq').execute();
    for (const [j, task] of pending.entries()) {
      if (i === 1 && j > 0) break;
      const version = (await db.selectFrom('bundle').select('version').where('id', '=', b.id).executeTakeFirstOrThrow()).version;
      await actOnTask(db, clock, task.department_code === 'medical_insurance' ? medical : hrss, b.id, task.code, { outcome: 'done', note: '资料齐全，已办理', version });
    }
  }
  const retiree = await sql<{ id: number; village_code: string; name: string }>`
    SELECT p.id, p.village_code, p.name FROM person p JOIN hr_insurance_enrolment i ON i.person_id = p.id AND i.scheme = 'employee_pension' AND i.status = 'active'
    WHERE p.district_code = ${YUBEI} AND p.sex = 'M' AND p.birth_date BETWEEN (${today}::date - interval '63 years') AND (${today}::date - interval '61 years')
      AND i.enrolled_on <= (${today}::date - interval '16 years')
      AND NOT EXISTS (SELECT 1 FROM benefit_award a WHERE a.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = p.id)
    ORDER BY p.id LIMIT 1`.execute(db);
  for (const r of retiree.rows) {
    const userId = await upsertSelfUser(db, `citizen-${r.id}`, r.name, 'citizen', r.village_code, { person_id: Number(r.id) });
    await applyRetirement(db, clock, { userId, username: `citizen-${r.id}`, displayName: r.name, role: 'citizen', orgCode: r.village_code, departmentCode: null, personId: Number(r.id), enterpriseId: null, csrfToken: '' });
    bundles++;
  }
  log(
    `social insurance: ${risk.newHits} risk hits, ${coverage.newHits} coverage gaps, ${cert.recipients.toLocaleString('en')} recipients certified (${((cert.dataRate ?? 0) * 100).toFixed(1)}% by data), ${worked} outreach outcomes, ${decided} audit decisions, ${bundles} bundles (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
