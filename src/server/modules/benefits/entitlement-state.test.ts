// The entitlement state machine: the pure table (who may move what where), and transitionEntitlement
// on a real database (the status and its event change together, refusals change nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntitlementStatus } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { createTestContext, VILLAGES, type TestContext } from '../../testing/harness.js';
import { createEntitlement, createPolicy } from './benefits.fixtures.js';
import { canTransition, nextStatuses, TRANSITIONS, transitionEntitlement, transitionEntitlements, type Mover } from './entitlement-state.js';

const ALL: EntitlementStatus[] = ['awaiting_confirmation', 'awaiting_application', 'ready', 'declined', 'excluded', 'in_batch', 'paid', 'payment_failed'];
const MOVERS: Mover[] = ['run', 'payee', 'officer', 'bank'];

describe('the transition table', () => {
  it('lets nothing leave paid or declined', () => {
    for (const to of ALL) for (const by of MOVERS) for (const from of ['paid', 'declined'] as const) expect(canTransition(from, to, by)).toBe(false);
  });

  it('pays only through a batch, and only the bank settles a batch', () => {
    const intoPaid = TRANSITIONS.filter((t) => t.to === 'paid');
    expect(intoPaid).toHaveLength(1);
    expect(intoPaid[0]).toMatchObject({ from: 'in_batch', by: ['bank'] });
    expect(nextStatuses('in_batch', 'officer')).toEqual([]);
    expect(nextStatuses('in_batch', 'payee')).toEqual([]);
    expect(nextStatuses('in_batch', 'bank').sort()).toEqual(['paid', 'payment_failed']);
    expect(TRANSITIONS.filter((t) => t.to === 'in_batch').map((t) => [t.from, t.by])).toEqual([['ready', ['officer']]]);
  });

  it('gives the payee confirm, apply, correct-after-failure and decline, nothing else', () => {
    expect(nextStatuses('awaiting_confirmation', 'payee').sort()).toEqual(['declined', 'ready']);
    expect(nextStatuses('awaiting_application', 'payee').sort()).toEqual(['declined', 'ready']);
    expect(nextStatuses('payment_failed', 'payee').sort()).toEqual(['declined', 'ready']);
    expect(nextStatuses('ready', 'payee')).toEqual(['declined']);
    expect(nextStatuses('excluded', 'payee')).toEqual([]);
  });

  it('lets a rerun exclude or restore only what nobody has acted on', () => {
    for (const from of ['in_batch', 'paid', 'payment_failed', 'declined'] as const) expect(canTransition(from, 'excluded', 'run')).toBe(false);
    expect(canTransition('ready', 'excluded', 'run')).toBe(true);
    expect(canTransition('excluded', 'ready', 'run')).toBe(true);
  });

  it('has no transition to itself and no duplicates', () => {
    expect(TRANSITIONS.every((t) => t.from !== t.to)).toBe(true);
    expect(new Set(TRANSITIONS.map((t) => `${t.from}>${t.to}`)).size).toBe(TRANSITIONS.length);
  });
});

describe('transitionEntitlement', () => {
  let t: TestContext;
  let ids: number[];
  beforeAll(async () => {
    t = await createTestContext();
    const policy = await createPolicy(t.db, { id: 'state-test', delivery: 'confirm' });
    ids = [];
    for (let i = 0; i < 3; i++) {
      const p = await t.factory.person({ villageCode: VILLAGES.yubei });
      ids.push(await createEntitlement(t.db, policy, { payee: { personId: p.id }, districtCode: '500112' }));
    }
  });
  afterAll(async () => t?.close());

  const events = (id: number) => t.db.selectFrom('entitlement_event').select(['from_status', 'to_status', 'actor_id', 'note', 'at']).where('entitlement_id', '=', id).orderBy('id').execute();

  it('moves the status and writes the event together, with the clock time', async () => {
    const at = t.clock.now();
    const moved = await transitionEntitlement(t.db, { id: ids[0]!, from: ['awaiting_confirmation'], to: 'ready', by: 'payee', actorId: 1, note: 'confirmed', at });
    expect(moved).toEqual({ id: ids[0], fromStatus: 'awaiting_confirmation' });
    const row = await t.db.selectFrom('entitlement').select(['status', 'updated_at']).where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    expect(row.status).toBe('ready');
    expect(new Date(row.updated_at).getTime()).toBe(at.getTime());
    const ev = await events(ids[0]!);
    expect(ev.at(-1)).toMatchObject({ from_status: 'awaiting_confirmation', to_status: 'ready', actor_id: 1, note: 'confirmed' });
    expect(new Date(ev.at(-1)!.at).getTime()).toBe(at.getTime());
  });

  it('refuses with CONFLICT, naming the current status, and writes nothing', async () => {
    const before = await events(ids[0]!);
    const err = await transitionEntitlement(t.db, { id: ids[0]!, from: ['awaiting_confirmation'], to: 'ready', by: 'payee', actorId: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((err as AppError).messageZh).toContain('待发放');
    expect((err as AppError).messageEn).toContain('ready for payment');
    expect(await events(ids[0]!)).toEqual(before);
  });

  it('refuses a move the table does not allow that mover, whatever the status', async () => {
    const err = await transitionEntitlement(t.db, { id: ids[1]!, from: ['awaiting_confirmation'], to: 'paid', by: 'payee', actorId: 1 }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CONFLICT');
    const err2 = await transitionEntitlement(t.db, { id: ids[1]!, from: ['ready'], to: 'in_batch', by: 'payee', actorId: 1 }).catch((e: unknown) => e);
    expect((err2 as AppError).code).toBe('CONFLICT');
    expect((await t.db.selectFrom('entitlement').select('status').where('id', '=', ids[1]!).executeTakeFirstOrThrow()).status).toBe('awaiting_confirmation');
  });

  it('moves a set and reports only what was in an allowed status', async () => {
    const moved = await transitionEntitlements(t.db, ids, { from: ['awaiting_confirmation'], to: 'declined', by: 'payee', actorId: null, note: 'bulk' });
    expect(moved.map((m) => m.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect((await events(ids[0]!)).map((e) => e.to_status)).toEqual(['awaiting_confirmation', 'ready']);
  });

  it('answers 404 for an entitlement that does not exist', async () => {
    const err = await transitionEntitlement(t.db, { id: 99_999_999, from: ['ready'], to: 'declined', by: 'payee', actorId: null }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('NOT_FOUND');
  });

  it('keeps the history append-only', async () => {
    await expect(t.db.updateTable('entitlement_event').set({ note: 'rewritten' }).where('entitlement_id', '=', ids[0]!).execute()).rejects.toThrow(/append-only/);
  });
});
