// Imports one department file as one batch, all in one transaction:
//  1. validate: read every record, check it against the feed's row schema, find duplicate natural keys
//     and unknown references (set-based, a chunk at a time), and store every error;
//  2. load (only when the file is clean, or the operator chose quarantine): read the file again, skip
//     the refused lines and upsert the rest in chunks, each changed row taking the batch as lineage.
// The batch row, its errors and the data changes commit together, so a failure leaves nothing behind.
// Reading twice keeps memory to one chunk of rows plus the set of natural keys, whatever the file size.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/index.js';
import { systemClock, shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { issueToDetail } from '../../platform/validation.js';
import type { ParseContext } from './columns.js';
import { countLines, detectEncoding, textLines, type Encoding, type FileProblem } from './decode.js';
import { batchView, firstErrors, insertErrors, lookupRefs, uniqueOwners, upsertChunk, type BatchView, type RefMaps, type StoredError } from './exchange.queries.js';
import { feedNames, findFeed, headerSpec, rowSchema, type Feed, type FieldIssue, type RefKind, type Refs, type Row } from './feeds.js';
import { openRecords, type SourceRecord } from './parse.js';

export type ImportMode = 'reject' | 'quarantine';

export type ImportProgress = { phase: 'validate' | 'load'; done: number; total: number };

export type ImportOptions = {
  feed: string;
  fileName: string;
  content: Buffer;
  /** reject: any error refuses the whole file. quarantine: load the valid rows, report the others. */
  mode: ImportMode;
  userId: number | null;
  onProgress?: (p: ImportProgress) => void;
  clock?: Clock;
  /** Runs inside the import transaction once the batch is final, e.g. to write the audit row with it. */
  audit?: (tx: Tx, batch: BatchView) => Promise<void>;
};

export type ImportErrorItem = { line: number; field: string | null; code: string; message: string; messageEn: string };
export type ImportResult = { batch: BatchView; errors: ImportErrorItem[] };

/** Rows per reference lookup and per upsert statement (sent as one JSON parameter, so no parameter limit). */
const CHUNK = 5000;
const RETURNED_ERRORS = 1000;

const UNKNOWN_REF: Record<RefKind, { code: string; zh: string; en: string }> = {
  person: { code: 'unknown_person', zh: '人员库中没有该身份证号(人员须先由公安人口数据导入)', en: 'no person with this id number in the registry (persons come from the public-security feed)' },
  enterprise: { code: 'unknown_enterprise', zh: '企业库中没有该统一社会信用代码', en: 'no enterprise with this credit code in the registry' },
  household: { code: 'unknown_household', zh: '户籍库中没有该户号(请先导入 households)', en: 'no household with this number (import households first)' },
  employment: { code: 'unknown_employment', zh: '没有与身份证号、信用代码和起始日期对应的用工备案', en: 'no employment with this id number, credit code and start date' },
};

export async function importFile(h: { db: Db }, opts: ImportOptions): Promise<ImportResult> {
  const feed = findFeed(opts.feed);
  if (!feed) {
    throw new AppError('VALIDATION', { zh: `没有名为“${opts.feed}”的数据项;可用:${feedNames().join(', ')}`, en: `No feed named "${opts.feed}"; the feeds are: ${feedNames().join(', ')}` });
  }
  const clock = opts.clock ?? systemClock;
  const ctx: ParseContext = { today: shanghaiDate(clock.now()) };
  const detected = detectEncoding(opts.content);
  const sha256 = createHash('sha256').update(opts.content).digest('hex');

  try {
    return await h.db.transaction().execute(async (tx) => {
      // One import per table at a time: new ids are max(id)+n, and overlapping upserts would only wait on each other.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`huimin.exchange.${feed.table}`}))`.execute(tx);
      const inserted = await tx
        .insertInto('import_batch')
        .values({
          feed: feed.name,
          department_code: feed.department,
          file_name: opts.fileName.slice(0, 200),
          file_sha256: sha256,
          encoding: detected.ok ? detected.encoding : 'unknown',
          mode: opts.mode,
          status: 'rejected',
          created_by: opts.userId,
          created_at: clock.now(),
          finished_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const batchId = Number(inserted.id);
      const finish = async (status: BatchView['status'], counts: { total: number; inserted: number; updated: number; unchanged: number; rejected: number }) => {
        const row = await tx
          .updateTable('import_batch')
          .set({
            status,
            rows_total: counts.total,
            rows_inserted: counts.inserted,
            rows_updated: counts.updated,
            rows_unchanged: counts.unchanged,
            rows_rejected: counts.rejected,
            finished_at: clock.now(),
          })
          .where('id', '=', batchId)
          .returningAll()
          .executeTakeFirstOrThrow();
        const batch = batchView(row as unknown as Parameters<typeof batchView>[0]);
        if (opts.audit) await opts.audit(tx, batch);
        return { batch, errors: await firstErrors(tx, batchId, RETURNED_ERRORS) };
      };

      if (!detected.ok) {
        await insertErrors(tx, batchId, [fileError(detected.problem)]);
        return finish('rejected', { total: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 });
      }
      const source = { content: opts.content, encoding: detected.encoding, start: detected.start };
      const v = await validate(tx, feed, source, ctx, batchId, opts.onProgress);
      if (v.fileProblems.length) {
        await insertErrors(tx, batchId, v.fileProblems.map(fileError));
        return finish('rejected', { total: v.total, inserted: 0, updated: 0, unchanged: 0, rejected: v.total });
      }
      const valid = v.total - v.bad.size;
      if ((v.bad.size > 0 && opts.mode === 'reject') || (v.total > 0 && valid === 0)) {
        return finish('rejected', { total: v.total, inserted: 0, updated: 0, unchanged: 0, rejected: v.bad.size });
      }
      const loaded = await load(tx, feed, source, ctx, batchId, v.bad, v.present, valid, opts.onProgress);
      return finish(v.bad.size ? 'partially_loaded' : 'loaded', {
        total: v.total,
        inserted: loaded.inserted,
        updated: loaded.updated,
        unchanged: valid - loaded.inserted - loaded.updated,
        rejected: v.bad.size,
      });
    });
  } catch (e) {
    // Validation should leave nothing for the database to refuse; if it still does, say so plainly.
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('23')) {
      throw new AppError('CONFLICT', {
        zh: '导入的数据与库中已有数据冲突,整批未写入,请核对后重试',
        en: 'The import conflicts with stored data; nothing was written. Check the file and try again',
      }, { constraint: (e as { constraint?: string }).constraint ?? null });
    }
    throw e;
  }
}

const fileError = (p: FileProblem): StoredError => ({ line: p.line, field: null, code: p.code, message_zh: p.zh, message_en: p.en, raw: null });

type Source = { content: Buffer; encoding: Encoding; start: number };
type Parsed = { line: number; raw: string; row: Row };

function records(feed: Feed, s: Source) {
  return openRecords(textLines(s.content, s.encoding, s.start), headerSpec(feed));
}

/** Checks one record against the row schema and the feed's own rules. */
function checkRecord(feed: Feed, schema: z.ZodType, ctx: ParseContext, rec: SourceRecord): { row: Row } | { issues: FieldIssue[] } {
  if (rec.problems.length || !rec.values) return { issues: rec.problems };
  const input: Record<string, string | undefined> = {};
  for (const c in feed.columns) {
    const v = rec.values[c];
    input[c] = v === undefined || v === '' ? undefined : v;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => {
        const d = issueToDetail(i as Parameters<typeof issueToDetail>[0]);
        const params = (i as { params?: { code?: string } }).params;
        return { field: i.path.length ? String(i.path[0]) : null, code: i.code === 'invalid_type' ? 'required' : (params?.code ?? 'invalid_value'), zh: d.message, en: d.messageEn };
      }),
    };
  }
  const row = parsed.data as Row;
  const issues = feed.check?.(row, ctx) ?? [];
  return issues.length ? { issues } : { row };
}

function refKeys(feed: Feed, rows: readonly Parsed[]): Record<RefKind, Set<string>> {
  const keys: Record<RefKind, Set<string>> = { person: new Set(), enterprise: new Set(), household: new Set(), employment: new Set() };
  for (const p of rows) {
    for (const r of feed.refs) {
      const k = r.key(p.row);
      if (k !== null) keys[r.kind].add(k);
    }
  }
  return keys;
}

function resolve(feed: Feed, row: Row, maps: RefMaps): { refs: Refs; issues: FieldIssue[] } {
  const refs: Refs = {};
  const issues: FieldIssue[] = [];
  for (const r of feed.refs) {
    const k = r.key(row);
    if (k === null) continue;
    const found = maps[r.kind].get(k);
    if (found) (refs as Record<RefKind, unknown>)[r.kind] = found;
    else issues.push({ field: r.field, ...UNKNOWN_REF[r.kind] });
  }
  return { refs, issues };
}

const ownerOf = (feed: Feed, target: Row) => feed.targetKey.map((c) => String(target[c])).join('|');

type Validation = { total: number; bad: Set<number>; present: Set<string>; fileProblems: FileProblem[] };

async function validate(tx: Tx, feed: Feed, s: Source, ctx: ParseContext, batchId: number, onProgress?: (p: ImportProgress) => void): Promise<Validation> {
  const schema = rowSchema(feed, ctx);
  const src = records(feed, s);
  const totalLines = Math.max(0, countLines(s.content, s.start) - 1);
  const bad = new Set<number>();
  let pending: StoredError[] = [];
  const seenKey = new Map<string, number>();
  const seenUnique = new Map<string, number>();
  const reportedDuplicate = new Set<number>();
  let chunk: Parsed[] = [];
  let total = 0;

  const addIssues = async (line: number, raw: string | null, issues: FieldIssue[]) => {
    bad.add(line);
    for (const i of issues) pending.push({ line, field: i.field, code: i.code, message_zh: i.zh, message_en: i.en, raw });
    if (pending.length >= CHUNK) {
      await insertErrors(tx, batchId, pending);
      pending = [];
    }
  };
  // Both lines of a duplicate are refused (which of them is right is for the department to say); each names the other.
  const duplicate = async (first: number, p: Parsed, what: { code: string; field: string | null; zh: string; en: string }) => {
    await addIssues(p.line, p.raw, [{ field: what.field, code: what.code, zh: `${what.zh}与第 ${first} 行重复`, en: `${what.en} duplicates line ${first}` }]);
    if (!reportedDuplicate.has(first)) {
      reportedDuplicate.add(first);
      await addIssues(first, null, [{ field: what.field, code: what.code, zh: `${what.zh}与第 ${p.line} 行重复`, en: `${what.en} duplicates line ${p.line}` }]);
    }
  };
  const keyLabel = { zh: `记录键(${feed.key.join(', ')})`, en: `the key (${feed.key.join(', ')})` };

  const flush = async () => {
    const maps = await lookupRefs(tx, refKeys(feed, chunk));
    const resolved: { p: Parsed; refs: Refs }[] = [];
    for (const p of chunk) {
      const r = resolve(feed, p.row, maps);
      const issues = r.issues.length ? r.issues : (feed.refCheck?.(p.row, r.refs) ?? []);
      if (issues.length) await addIssues(p.line, p.raw, issues);
      else resolved.push({ p, refs: r.refs });
    }
    if (feed.unique) {
      const u = feed.unique;
      const owners = await uniqueOwners(tx, feed, resolved.map((x) => String(x.p.row[u])));
      for (const { p, refs } of resolved) {
        const owner = owners.get(String(p.row[u]));
        if (owner !== undefined && owner !== ownerOf(feed, feed.toTarget(p.row, refs))) {
          await addIssues(p.line, p.raw, [{ field: u, code: 'conflict', zh: '该编号已登记在另一人名下', en: 'this number is already registered to someone else' }]);
        }
      }
    }
    chunk = [];
  };

  for (const rec of src.records) {
    total++;
    if (total % CHUNK === 0) onProgress?.({ phase: 'validate', done: Math.min(rec.line, totalLines), total: totalLines });
    const checked = checkRecord(feed, schema, ctx, rec);
    if ('issues' in checked) {
      await addIssues(rec.line, rec.raw, checked.issues);
      continue;
    }
    const p: Parsed = { line: rec.line, raw: rec.raw, row: checked.row };
    const key = feed.key.map((k) => String(p.row[k])).join('\u0001');
    const firstLine = seenKey.get(key);
    if (firstLine !== undefined) {
      await duplicate(firstLine, p, { code: 'duplicate_key', field: feed.key[0] ?? null, ...keyLabel });
      continue;
    }
    seenKey.set(key, p.line);
    if (feed.unique) {
      const u = String(p.row[feed.unique]);
      const first = seenUnique.get(u);
      if (first !== undefined) {
        await duplicate(first, p, { code: 'duplicate_value', field: feed.unique, zh: feed.unique, en: feed.unique });
        continue;
      }
      seenUnique.set(u, p.line);
    }
    chunk.push(p);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  if (pending.length) await insertErrors(tx, batchId, pending);
  onProgress?.({ phase: 'validate', done: totalLines, total: totalLines });
  return { total, bad, present: src.present, fileProblems: src.fileProblems };
}

async function load(
  tx: Tx,
  feed: Feed,
  s: Source,
  ctx: ParseContext,
  batchId: number,
  bad: Set<number>,
  present: Set<string>,
  valid: number,
  onProgress?: (p: ImportProgress) => void,
): Promise<{ inserted: number; updated: number }> {
  const schema = rowSchema(feed, ctx);
  // An optional column the file leaves out keeps its stored values: it is not written at all.
  const omitted = new Set(Object.entries(feed.columns).flatMap(([name, c]) => (c.target && !present.has(name) ? [c.target] : [])));
  const columns = Object.keys(feed.targetTypes).filter((c) => !omitted.has(c));
  let inserted = 0;
  let updated = 0;
  let done = 0;
  let chunk: Parsed[] = [];

  const flush = async () => {
    if (chunk.length === 0) return;
    const maps = await lookupRefs(tx, refKeys(feed, chunk));
    const rows = chunk.map((p) => {
      const r = resolve(feed, p.row, maps);
      // Validation ran in this same transaction and imports into a table are serialised, so this cannot differ.
      if (r.issues.length) throw new Error(`line ${p.line}: a reference found while validating is gone`);
      const target = feed.toTarget(p.row, r.refs);
      const out: Row & { _line: number } = { _line: p.line };
      for (const c of columns) out[c] = target[c] ?? null;
      return out;
    });
    const n = await upsertChunk(tx, feed, columns, rows, batchId);
    inserted += n.inserted;
    updated += n.updated;
    done += chunk.length;
    chunk = [];
    onProgress?.({ phase: 'load', done, total: valid });
  };

  for (const rec of records(feed, s).records) {
    if (bad.has(rec.line)) continue;
    const checked = checkRecord(feed, schema, ctx, rec);
    if ('issues' in checked) throw new Error(`line ${rec.line}: the second reading disagrees with validation`);
    chunk.push({ line: rec.line, raw: '', row: checked.row });
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  if (done !== valid) throw new Error(`loaded ${done} rows, expected ${valid}`);
  return { inserted, updated };
}
