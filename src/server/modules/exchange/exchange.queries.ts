// SQL of the exchange: set-based reference lookups for a chunk of rows, the idempotent upsert with
// lineage, the error report, and the batch list. Everything takes the transaction (or db) first.
import { CompiledQuery, sql } from 'kysely';
import { quoteIdent, type DbOrTx } from '../../db/index.js';
import type { Principal } from '../../platform/access.js';
import { employmentKey, type EmploymentRef, type EnterpriseRef, type Feed, type HouseholdRef, type PersonRef, type RefKind, type Row } from './feeds.js';

// ---- References -------------------------------------------------------------------------------------

export type RefMaps = {
  person: Map<string, PersonRef>;
  enterprise: Map<string, EnterpriseRef>;
  household: Map<string, HouseholdRef>;
  employment: Map<string, EmploymentRef>;
};

export async function lookupRefs(db: DbOrTx, keys: Record<RefKind, Set<string>>): Promise<RefMaps> {
  const out: RefMaps = { person: new Map(), enterprise: new Map(), household: new Map(), employment: new Map() };
  if (keys.person.size) {
    const rows = await db.selectFrom('person').select(['id_number', 'id', 'district_code', 'household_id', 'birth_date']).where('id_number', 'in', [...keys.person]).execute();
    for (const r of rows) out.person.set(r.id_number, { id: r.id, districtCode: r.district_code, householdId: r.household_id, birthDate: r.birth_date });
  }
  if (keys.enterprise.size) {
    const rows = await db.selectFrom('enterprise').select(['credit_code', 'id', 'district_code']).where('credit_code', 'in', [...keys.enterprise]).execute();
    for (const r of rows) out.enterprise.set(r.credit_code, { id: r.id, districtCode: r.district_code });
  }
  if (keys.household.size) {
    const rows = await db.selectFrom('household').select(['id', 'district_code']).where('id', 'in', [...keys.household].map(Number)).execute();
    for (const r of rows) out.household.set(String(r.id), { id: r.id, districtCode: r.district_code });
  }
  if (keys.employment.size) {
    const wanted = [...keys.employment].map((k) => {
      const [id_number, credit_code, start_date] = k.split('|');
      return { id_number, credit_code, start_date };
    });
    const rows = await sql<{ id_number: string; credit_code: string; start_date: string; id: number; person_id: number; district_code: string; end_date: string | null }>`
      SELECT k.id_number, k.credit_code, m.start_date, m.id, m.person_id, m.district_code, m.end_date
      FROM json_to_recordset(${JSON.stringify(wanted)}::json) AS k(id_number text, credit_code text, start_date date)
      JOIN person p ON p.id_number = k.id_number
      JOIN enterprise e ON e.credit_code = k.credit_code
      JOIN employment m ON m.person_id = p.id AND m.enterprise_id = e.id AND m.start_date = k.start_date`.execute(db);
    for (const r of rows.rows) {
      out.employment.set(employmentKey(r.id_number, r.credit_code, r.start_date), { id: r.id, personId: r.person_id, districtCode: r.district_code, startDate: r.start_date, endDate: r.end_date });
    }
  }
  return out;
}

/** Owners (table key values, joined) of the given values of a feed's second unique column. */
export async function uniqueOwners(db: DbOrTx, feed: Feed, values: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!feed.unique || values.length === 0) return out;
  const owner = feed.targetKey.map((c) => `${quoteIdent(c)}::text`).join(` || '|' || `);
  const res = await db.executeQuery<{ v: string; owner: string }>(
    CompiledQuery.raw(`SELECT ${quoteIdent(feed.unique)} AS v, ${owner} AS owner FROM ${quoteIdent(feed.table)} WHERE ${quoteIdent(feed.unique)} = ANY($1::text[])`, [values]),
  );
  for (const r of res.rows) out.set(r.v, r.owner);
  return out;
}

// ---- The upsert ---------------------------------------------------------------------------------------

/**
 * Writes one chunk of resolved rows. A new key is inserted; an existing one is updated only when a
 * value differs, and only then takes this batch as its lineage; identical rows are not touched.
 * `columns` are the table columns written (optional columns the file leaves out are not among them).
 */
export async function upsertChunk(db: DbOrTx, feed: Feed, columns: readonly string[], rows: (Row & { _line: number })[], batchId: number): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const q = quoteIdent;
  const table = q(feed.table);
  const defs = ['_line integer', ...columns.map((c) => `${q(c)} ${feed.targetTypes[c]}`)].join(', ');
  const changing = columns.filter((c) => !feed.targetKey.includes(c));
  const distinct = (a: string, b: string) => (changing.length ? `ROW(${changing.map((c) => `${a}.${q(c)}`).join(', ')}) IS DISTINCT FROM ROW(${changing.map((c) => `${b}.${q(c)}`).join(', ')})` : 'false');
  const on = feed.targetKey.map((c) => `e.${q(c)} = src.${q(c)}`).join(' AND ');
  const insertCols = [...(feed.allocateId ? ['id'] : []), ...columns, 'batch_id'].map(q).join(', ');
  // New rows number on from the largest id, in file order; existing rows keep theirs (id is never updated).
  const id = feed.allocateId ? `CASE WHEN c._id IS NULL THEN m.max_id + row_number() OVER (PARTITION BY c._id IS NULL ORDER BY c._line) ELSE c._id END, ` : '';
  const maxId = feed.allocateId ? ` CROSS JOIN (SELECT coalesce(max(id), 0) AS max_id FROM ${table}) m` : '';
  const set = [...changing.map((c) => `${q(c)} = EXCLUDED.${q(c)}`), 'batch_id = EXCLUDED.batch_id'].join(', ');
  // Identical rows are dropped before the INSERT: ON CONFLICT … DO UPDATE would lock (and so write) each of
  // them even when its WHERE is false, which makes re-importing a large unchanged file as slow as loading it.
  // The WHERE on the update stays, for a row that changed between the two looks.
  const text = `WITH src AS (SELECT * FROM json_to_recordset($1::json) AS r(${defs})),
    changed AS (
      SELECT src.*${feed.allocateId ? ', e.id AS _id' : ''} FROM src LEFT JOIN ${table} e ON ${on}
      WHERE e.${q(feed.targetKey[0]!)} IS NULL OR ${distinct('e', 'src')}
    ),
    up AS (
      INSERT INTO ${table} AS t (${insertCols})
      SELECT ${id}${columns.map((c) => `c.${q(c)}`).join(', ')}, $2::bigint FROM changed c${maxId}
      ON CONFLICT (${feed.targetKey.map(q).join(', ')}) DO UPDATE SET ${set} WHERE ${distinct('t', 'EXCLUDED')}
      RETURNING (xmax = 0) AS inserted
    )
    SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, (count(*) FILTER (WHERE NOT inserted))::int AS updated FROM up`;
  const res = await db.executeQuery<{ inserted: number; updated: number }>(CompiledQuery.raw(text, [JSON.stringify(rows), batchId]));
  const r = res.rows[0]!;
  return { inserted: Number(r.inserted), updated: Number(r.updated) };
}

// ---- Batches and their errors -------------------------------------------------------------------------

export type StoredError = { line: number; field: string | null; code: string; message_zh: string; message_en: string; raw: string | null };

// PostgreSQL text cannot hold NUL; nothing else in a report needs changing.
// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL refuses
const clean = (s: string | null) => (s === null ? null : s.replace(/\u0000/g, '\uFFFD'));

export async function insertErrors(db: DbOrTx, batchId: number, errors: StoredError[]): Promise<void> {
  for (let i = 0; i < errors.length; i += 5000) {
    const chunk = errors.slice(i, i + 5000).map((e) => ({ ...e, message_zh: clean(e.message_zh), message_en: clean(e.message_en), raw: clean(e.raw) }));
    await sql`INSERT INTO import_error (batch_id, line, field, code, message_zh, message_en, raw)
      SELECT ${batchId}::bigint, line, field, code, message_zh, message_en, raw
      FROM json_to_recordset(${JSON.stringify(chunk)}::json) AS r(line integer, field text, code text, message_zh text, message_en text, raw text)`.execute(db);
  }
}

export type BatchRow = {
  id: number;
  feed: string;
  department_code: string | null;
  file_name: string;
  file_sha256: string;
  encoding: string;
  mode: string;
  status: string;
  rows_total: number;
  rows_inserted: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_rejected: number;
  created_by: number | null;
  created_at: Date | string;
  finished_at: Date | string | null;
  created_by_name?: string | null;
};

export type BatchView = {
  id: number;
  feed: string;
  departmentCode: string | null;
  fileName: string;
  fileSha256: string;
  encoding: string;
  mode: string;
  status: 'loaded' | 'rejected' | 'partially_loaded';
  rowsTotal: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsRejected: number;
  createdBy: number | null;
  createdByName?: string | null;
  createdAt: string;
  finishedAt: string | null;
};

const iso = (d: Date | string) => new Date(d).toISOString();

export function batchView(b: BatchRow): BatchView {
  return {
    id: Number(b.id),
    feed: b.feed,
    departmentCode: b.department_code,
    fileName: b.file_name,
    fileSha256: b.file_sha256,
    encoding: b.encoding,
    mode: b.mode,
    status: b.status as BatchView['status'],
    rowsTotal: b.rows_total,
    rowsInserted: b.rows_inserted,
    rowsUpdated: b.rows_updated,
    rowsUnchanged: b.rows_unchanged,
    rowsRejected: b.rows_rejected,
    createdBy: b.created_by === null ? null : Number(b.created_by),
    ...(b.created_by_name !== undefined ? { createdByName: b.created_by_name } : {}),
    createdAt: iso(b.created_at),
    finishedAt: b.finished_at === null ? null : iso(b.finished_at),
  };
}

export async function firstErrors(db: DbOrTx, batchId: number, limit: number, offset = 0) {
  const rows = await db
    .selectFrom('import_error')
    .select(['line', 'field', 'code', 'message_zh', 'message_en'])
    .where('batch_id', '=', batchId)
    .orderBy('line')
    .orderBy('field')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((e) => ({ line: e.line, field: e.field, code: e.code, message: e.message_zh, messageEn: e.message_en }));
}

export async function countErrors(db: DbOrTx, batchId: number): Promise<number> {
  const r = await db.selectFrom('import_error').select((eb) => eb.fn.countAll<number>().as('n')).where('batch_id', '=', batchId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Department officers see their own department's batches; other readers see all. */
function batchScope(p: Principal): string | null {
  return p.role === 'department_officer' ? (p.departmentCode ?? '-') : null;
}

export function listBatches(db: DbOrTx, p: Principal, f: { feed?: string | undefined; status?: string | undefined }) {
  const dept = batchScope(p);
  const base = db
    .selectFrom('import_batch as b')
    .$if(dept !== null, (q) => q.where('b.department_code', '=', dept!))
    .$if(!!f.feed, (q) => q.where('b.feed', '=', f.feed!))
    .$if(!!f.status, (q) => q.where('b.status', '=', f.status as 'loaded'));
  return {
    count: base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    page: async (limit: number, offset: number) => {
      const rows = await base
        .leftJoin('app_user as u', 'u.id', 'b.created_by')
        .selectAll('b')
        .select('u.username as created_by_name')
        .orderBy('b.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((r) => batchView(r as unknown as BatchRow));
    },
  };
}

export async function findBatch(db: DbOrTx, p: Principal, id: number): Promise<BatchView | undefined> {
  const dept = batchScope(p);
  const row = await db
    .selectFrom('import_batch as b')
    .leftJoin('app_user as u', 'u.id', 'b.created_by')
    .selectAll('b')
    .select('u.username as created_by_name')
    .where('b.id', '=', id)
    .$if(dept !== null, (q) => q.where('b.department_code', '=', dept!))
    .executeTakeFirst();
  return row ? batchView(row as unknown as BatchRow) : undefined;
}
