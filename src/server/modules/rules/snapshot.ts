// Fact snapshots: the catalogue's facts for every entity on one date, materialised in tables
// snap_<entity>_<id>, list-partitioned by district so that a run reads one district at a time.
// A snapshot is built in one transaction (a crash leaves nothing) and carries a content hash.
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import type { EntityType } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { BUILD_ORDER, CATALOGUE_HASH, ENTITIES, visibleFacts, type FactType } from './catalogue.js';
import type { FactRow } from './interpret.js';

const SQL_TYPE: Record<FactType, string> = { int: 'bigint', bool: 'boolean', string: 'text' };

/** The snapshot table of one entity; ids are numbers from our own sequence, never user text. */
export function snapshotTable(entity: EntityType, snapshotId: number): string {
  if (!Number.isSafeInteger(snapshotId) || snapshotId <= 0) throw new Error('bad snapshot id');
  return `snap_${entity}_${snapshotId}`;
}

/** Turns a catalogue fragment into SQL with the evaluation date bound as a parameter. */
function withAsOf(fragment: string, asOf: string): RawBuilder<unknown> {
  const parts = fragment.split('{asOf}');
  return sql.join(
    parts.map((p) => sql.raw(p)),
    sql`${asOf}::date`,
  );
}

/** Columns of an entity's snapshot table beyond entity_id and district_code, in order. */
export function snapshotColumns(entity: EntityType): { name: string; type: string }[] {
  const def = ENTITIES[entity];
  return [...def.keys.map((k) => ({ name: k.name, type: 'bigint' })), ...[...visibleFacts(entity).values()].map((f) => ({ name: f.column, type: SQL_TYPE[f.type] }))];
}

export type SnapshotSummary = { id: number; asOf: string; contentHash: string; rowCounts: Record<EntityType, number> };

/** Builds a snapshot of every entity on `asOf`. Returns when it is ready. */
export async function buildSnapshot(db: Db, args: { asOf: string; actorId: number | null }): Promise<SnapshotSummary> {
  const districts = (await db.selectFrom('division').select('code').where('level', '=', 2).orderBy('code').execute()).map((d) => d.code);
  return db.transaction().execute(async (trx) => {
    const snap = await trx
      .insertInto('fact_snapshot')
      .values({ as_of: args.asOf, status: 'building', catalogue_hash: CATALOGUE_HASH, created_by: args.actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = snap.id;
    const counts = {} as Record<EntityType, number>;
    const byDistrict = {} as Record<EntityType, Record<string, number>>;
    const hashes: string[] = [CATALOGUE_HASH, args.asOf];
    for (const entity of BUILD_ORDER) {
      const table = snapshotTable(entity, id);
      const cols = snapshotColumns(entity);
      await sql`CREATE TABLE ${sql.id(table)} (
        entity_id bigint NOT NULL,
        district_code text NOT NULL,
        ${sql.join(cols.map((c) => sql`${sql.id(c.name)} ${sql.raw(c.type)}`))}
      ) PARTITION BY LIST (district_code)`.execute(trx);
      for (const d of districts) {
        await sql`CREATE TABLE ${sql.id(`${table}_${d}`)} PARTITION OF ${sql.id(table)} FOR VALUES IN (${sql.lit(d)})`.execute(trx);
      }
      await sql`CREATE TABLE ${sql.id(`${table}_other`)} PARTITION OF ${sql.id(table)} DEFAULT`.execute(trx);
      await populate(trx, entity, id, args.asOf);
      await sql`CREATE INDEX ${sql.id(`${table}_entity_idx`)} ON ${sql.id(table)} (entity_id)`.execute(trx);
      await sql`ANALYZE ${sql.id(table)}`.execute(trx);
      // Counted per district (a run reads its districts' counts from here instead of counting again).
      const h = await sql<{ d: string; n: number; h: string }>`SELECT district_code AS d, count(*)::int AS n, sum(hashtextextended(t::text, 0))::text AS h FROM ${sql.id(table)} t GROUP BY 1`.execute(trx);
      byDistrict[entity] = Object.fromEntries(h.rows.map((r) => [r.d, r.n]));
      counts[entity] = h.rows.reduce((a, r) => a + r.n, 0);
      const sum = h.rows.reduce((a, r) => a + BigInt(r.h), 0n);
      hashes.push(`${entity}:${counts[entity]}:${h.rows.length > 0 ? sum.toString() : '0'}`);
    }
    const contentHash = createHash('sha256').update(hashes.join('|')).digest('hex').slice(0, 32);
    await trx
      .updateTable('fact_snapshot')
      .set({ status: 'ready', content_hash: contentHash, row_counts: JSON.stringify(counts), district_counts: JSON.stringify(byDistrict), finished_at: new Date() })
      .where('id', '=', id)
      .execute();
    return { id, asOf: args.asOf, contentHash, rowCounts: counts };
  });
}

async function populate(trx: DbOrTx, entity: EntityType, id: number, asOf: string): Promise<void> {
  const def = ENTITIES[entity];
  const table = snapshotTable(entity, id);
  const own = def.facts.map((f) => ({ column: `${entity}__${f.name}`, expr: withAsOf(f.sql, asOf) }));
  const included: { column: string; expr: RawBuilder<unknown> }[] = [];
  const joins: RawBuilder<unknown>[] = [];
  def.includes.forEach((inc, i) => {
    const alias = `inc${i}`;
    joins.push(sql`LEFT JOIN ${sql.id(snapshotTable(inc.entity, id))} ${sql.id(alias)} ON ${sql.ref(`${alias}.entity_id`)} = ${sql.raw(inc.on)}`);
    for (const f of visibleFacts(inc.entity).values()) included.push({ column: f.column, expr: sql.ref(`${alias}.${f.column}`) });
  });
  const keys = def.keys.map((k) => ({ column: k.name, expr: sql.raw(k.sql) as RawBuilder<unknown> }));
  const all = [...keys, ...own, ...included];
  await sql`INSERT INTO ${sql.id(table)} (entity_id, district_code, ${sql.join(all.map((c) => sql.id(c.column)))})
    SELECT ${sql.raw(def.idSql)}, ${sql.raw(def.districtSql)}, ${sql.join(all.map((c) => c.expr))}
    FROM ${withAsOf(def.from, asOf)}
    ${sql.join(joins, sql` `)}
    ${def.where ? sql`WHERE ${withAsOf(def.where, asOf)}` : sql``}`.execute(trx);
}

export async function getReadySnapshot(db: DbOrTx, id: number | undefined): Promise<{ id: number; as_of: string; content_hash: string | null }> {
  const q = db.selectFrom('fact_snapshot').select(['id', 'as_of', 'content_hash']).where('status', '=', 'ready');
  const row = await (id === undefined ? q.orderBy('id', 'desc') : q.where('id', '=', id)).executeTakeFirst();
  if (!row) {
    throw new AppError(
      'NOT_FOUND',
      id === undefined ? { zh: '还没有可用的数据快照，请先生成快照', en: 'There is no fact snapshot yet; build one first' } : { zh: `数据快照 ${id} 不存在或未就绪`, en: `Fact snapshot ${id} does not exist or is not ready` },
    );
  }
  return row;
}

/** Reads one entity's facts from a snapshot (the interpreter's input). */
export async function readFactRow(db: DbOrTx, entity: EntityType, snapshotId: number, entityId: number): Promise<Record<string, unknown> | undefined> {
  const r = await sql<Record<string, unknown>>`SELECT * FROM ${sql.id(snapshotTable(entity, snapshotId))} WHERE entity_id = ${entityId}`.execute(db);
  return r.rows[0];
}

/** Snapshot rows of some entities, each looked up in its district's partition. */
export async function readFactRows(db: DbOrTx, entity: EntityType, snapshotId: number, keys: { entityId: number; districtCode: string }[]): Promise<Map<number, FactRow>> {
  if (keys.length === 0) return new Map();
  const ids = [...new Set(keys.map((k) => k.entityId))];
  const districts = [...new Set(keys.map((k) => k.districtCode))];
  const r = await sql<FactRow & { entity_id: number }>`SELECT * FROM ${sql.id(snapshotTable(entity, snapshotId))}
    WHERE district_code IN (${sql.join(districts)}) AND entity_id IN (${sql.join(ids)})`.execute(db);
  return new Map(r.rows.map((row) => [Number(row.entity_id), row]));
}
