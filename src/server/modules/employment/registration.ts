// Registration of employment (就业登记) made on the platform: a hire through an application or a
// referral, a placement of a person in difficulty, or a zero-employment household's member in work.
// It is an `employment` row like those the HR feed brings, so that the job indicators (G1.1–G1.3),
// the rules engine and the ledgers all see it; what follows from it is done in the same transaction.
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';
import { logEvent } from './jobs.js';
import { markSeekerEmployed } from './seekers.js';

export type Registration = {
  personId: number;
  enterpriseId: number;
  startDate: string;
  wageFen: number;
  source: 'application' | 'referral' | 'assistance' | 'household' | 'staff';
  applicationId?: number | null;
  by: number | null;
  now: Date;
};

async function platformBatch(db: DbOrTx, day: string): Promise<number> {
  const name = `platform registrations ${day}`;
  const found = await db.selectFrom('import_batch').select('id').where('feed', '=', 'employment').where('mode', '=', 'platform').where('file_name', '=', name).executeTakeFirst();
  if (found) return found.id;
  const r = await db
    .insertInto('import_batch')
    .values({ feed: 'employment', department_code: 'hrss', file_name: name, file_sha256: '-', encoding: 'utf-8', mode: 'platform', status: 'loaded', created_by: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Must run inside a transaction. Returns the new employment id. */
export async function registerEmployment(trx: DbOrTx, r: Registration): Promise<number> {
  const person = await trx.selectFrom('person').select(['id']).where('id', '=', r.personId).executeTakeFirst();
  if (!person) throw new AppError('NOT_FOUND', { zh: '没有该人员', en: 'No such person' });
  const ent = await trx.selectFrom('enterprise').select(['district_code']).where('id', '=', r.enterpriseId).executeTakeFirst();
  if (!ent) throw new AppError('NOT_FOUND', { zh: '没有该用人单位', en: 'No such employer' });
  const open = await trx
    .selectFrom('employment')
    .select('id')
    .where('person_id', '=', r.personId)
    .where('enterprise_id', '=', r.enterpriseId)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', r.startDate)]))
    .executeTakeFirst();
  if (open) throw new AppError('CONFLICT', { zh: '该人员在此单位已有在职登记', en: 'This person is already registered as employed by this employer' });
  // Employment ids come from the HR feed's numbering; the platform takes the next one under a lock.
  await sql`SELECT pg_advisory_xact_lock(727001)`.execute(trx);
  const next = await sql<{ id: number }>`SELECT coalesce(max(id), 0) + 1 AS id FROM employment`.execute(trx);
  const id = Number(next.rows[0]!.id);
  const batchId = await platformBatch(trx, r.startDate);
  await trx
    .insertInto('employment')
    .values({ id, person_id: r.personId, enterprise_id: r.enterpriseId, district_code: ent.district_code, start_date: r.startDate, end_date: null, monthly_wage_fen: r.wageFen, batch_id: batchId })
    .execute();
  await trx.insertInto('employment_registration').values({ employment_id: id, source: r.source, application_id: r.applicationId ?? null, registered_by: r.by, created_at: r.now }).execute();
  await afterEmployment(trx, r.personId, r.startDate, r.by, r.now, id);
  return id;
}

/**
 * What a person's new job changes elsewhere: the unemployment registration ends (end reason
 * employed), the seeker leaves the pool, an open assistance plan is closed as employed, a
 * zero-employment household the person belongs to is cleared, and a graduate's status becomes employed.
 */
export async function afterEmployment(trx: DbOrTx, personId: number, startDate: string, by: number | null, now: Date, employmentId: number | null): Promise<void> {
  await trx
    .updateTable('hr_unemployment_registration')
    .set({ ended_on: startDate, end_reason: 'employed' })
    .where('person_id', '=', personId)
    .where('ended_on', 'is', null)
    .where('registered_on', '<=', startDate)
    .execute();
  await markSeekerEmployed(trx, personId, now);
  const plans = await trx
    .updateTable('assistance_plan')
    .set({ status: 'employed', closed_on: startDate, closed_reason: 'employed', updated_at: now })
    .where('person_id', '=', personId)
    .where('status', '=', 'open')
    .returning('id')
    .execute();
  for (const p of plans) await logEvent(trx, 'assistance_plan', p.id, 'employed', by, { employmentId, startDate });
  const household = await trx.selectFrom('person').select(['household_id']).where('id', '=', personId).executeTakeFirst();
  if (household?.household_id) {
    const cleared = await trx
      .updateTable('zero_employment_household')
      .set({ status: 'cleared', cleared_on: startDate, cleared_by: by, cleared_person_id: personId, updated_at: now })
      .where('household_id', '=', household.household_id)
      .where('status', '=', 'open')
      .returning('id')
      .execute();
    for (const h of cleared) await logEvent(trx, 'household', h.id, 'cleared', by, { personId, employmentId, startDate });
  }
  const grads = await trx
    .updateTable('graduate_record')
    .set({ status: 'employed', status_source: 'data', updated_at: now })
    .where('person_id', '=', personId)
    .where('status', '<>', 'employed')
    .returning(['graduation_year', 'wants_work'])
    .execute();
  for (const g of grads)
    await trx
      .insertInto('graduate_status')
      .values({ graduation_year: g.graduation_year, person_id: personId, status: 'employed', wants_work: g.wants_work, effective_on: startDate, source: 'data', channel: null, note: null, recorded_by: by, recorded_at: now })
      .execute();
}
