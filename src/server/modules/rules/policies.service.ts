// Policies and their versions: loading the pack from data/policies, saving edits as new versions,
// activating a version, and compiling versions for runs (versions never change, so compiled
// forms are cached by id).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Db, DbOrTx } from '../../db/index.js';
import type { Principal } from '../../platform/access.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { issueToDetail } from '../../platform/validation.js';
import { compileDefinition, definitionHash, PolicyDefinition, type CompiledPolicy } from './policy.js';

/** Validates a definition fully (shape, then every expression); throws VALIDATION with every problem. */
export function validateDefinition(input: unknown): { def: PolicyDefinition; compiled: CompiledPolicy } {
  const parsed = PolicyDefinition.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION', { zh: '政策定义有误', en: 'The policy definition is invalid' }, parsed.error.issues.map((i) => issueToDetail(i as Parameters<typeof issueToDetail>[0])));
  }
  const def = parsed.data;
  const c = compileDefinition(def);
  if (!c.ok) {
    const details: ErrorDetail[] = c.issues.map((i) => ({ path: i.path, message: i.message, messageEn: i.messageEn }));
    throw new AppError('VALIDATION', { zh: '政策规则无法执行，请按提示修改', en: 'The rules cannot be evaluated; fix the expressions shown' }, details);
  }
  return { def, compiled: { versionId: 0, hash: definitionHash(def), def, criteria: c.criteria, amount: c.amount } };
}

const compiledCache = new Map<number, CompiledPolicy>();

/** A stored version whose expressions no longer compile (the fact catalogue changed since it was saved). */
export class StaleVersionError extends AppError {
  constructor(versionId: number, policyId: string, details: ErrorDetail[]) {
    super(
      'CONFLICT',
      {
        zh: `政策 ${policyId} 的版本 ${versionId} 引用的数据项已变更，无法执行；请修改规则后保存为新版本`,
        en: `Version ${versionId} of policy ${policyId} no longer compiles against the fact catalogue; edit its rules and save a new version`,
      },
      details,
    );
  }
}

export async function loadCompiled(db: DbOrTx, versionIds: number[]): Promise<CompiledPolicy[]> {
  const missing = versionIds.filter((id) => !compiledCache.has(id));
  if (missing.length > 0) {
    const rows = await db.selectFrom('policy_version').select(['id', 'hash', 'definition']).where('id', 'in', missing).execute();
    for (const r of rows) {
      const def = PolicyDefinition.parse(r.definition);
      const c = compileDefinition(def);
      if (!c.ok) throw new StaleVersionError(r.id, def.id, c.issues.map((i) => ({ path: i.path, message: i.message, messageEn: i.messageEn })));
      compiledCache.set(r.id, { versionId: r.id, hash: r.hash, def, criteria: c.criteria, amount: c.amount });
    }
  }
  return versionIds.map((id) => {
    const c = compiledCache.get(id);
    if (!c) throw new AppError('NOT_FOUND', { zh: `政策版本 ${id} 不存在`, en: `Policy version ${id} does not exist` });
    return c;
  });
}

/** Active versions whose effective period covers `date`. */
export async function activeVersionIds(db: DbOrTx, date: string, policyIds?: string[]): Promise<number[]> {
  let q = db
    .selectFrom('policy')
    .innerJoin('policy_version as v', 'v.id', 'policy.active_version_id')
    .select(['v.id', 'v.definition', 'policy.id as policy_id'])
    .orderBy('policy.id');
  if (policyIds && policyIds.length > 0) q = q.where('policy.id', 'in', policyIds);
  const rows = await q.execute();
  return rows
    .filter((r) => {
      const eff = (r.definition as PolicyDefinition).effective;
      return eff.from <= date && (eff.to === null || eff.to >= date);
    })
    .map((r) => r.id);
}

export type SaveResult = { versionId: number; version: number; hash: string; unchanged: boolean };

/** Saves a definition as the policy's next version (creating the policy on first save). */
export async function saveVersion(
  db: Db,
  args: { definition: unknown; source: 'pack' | 'editor'; note?: string | null; actor: Principal | null; activate: boolean; expectPolicyId?: string },
): Promise<SaveResult> {
  const { def, compiled } = validateDefinition(args.definition);
  if (args.expectPolicyId && def.id !== args.expectPolicyId) {
    throw new AppError('VALIDATION', { zh: '定义中的编号与所编辑的政策不一致', en: 'The id in the definition differs from the policy being edited' }, [
      { path: 'id', message: `应为 ${args.expectPolicyId}`, messageEn: `must be ${args.expectPolicyId}` },
    ]);
  }
  const actor = args.actor;
  if (actor && actor.role === 'department_officer' && actor.departmentCode !== def.department) {
    throw new AppError('FORBIDDEN', { zh: '只能编辑本部门的政策', en: 'You may edit only your own department’s policies' });
  }
  const dept = await db.selectFrom('department').select('code').where('code', '=', def.department).executeTakeFirst();
  if (!dept) throw new AppError('VALIDATION', { zh: '未知的责任部门', en: 'Unknown department' }, [{ path: 'department', message: `未知部门 ${def.department}`, messageEn: `unknown department ${def.department}` }]);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('policy').selectAll().where('id', '=', def.id).forUpdate().executeTakeFirst();
    if (existing && existing.entity !== def.entity) {
      throw new AppError('VALIDATION', { zh: '政策的对象类型不能更改，请新建政策', en: 'A policy’s entity cannot change; create a new policy' }, [
        { path: 'entity', message: `应为 ${existing.entity}`, messageEn: `must be ${existing.entity}` },
      ]);
    }
    for (const x of def.exclusions) {
      const other = await trx.selectFrom('policy').select(['entity']).where('id', '=', x.policy).executeTakeFirst();
      if (other && other.entity !== def.entity) {
        throw new AppError('VALIDATION', { zh: '互斥的政策必须针对同一类对象', en: 'Exclusions must be between policies of the same entity' }, [
          { path: 'exclusions', message: `${x.policy} 的对象是 ${other.entity}`, messageEn: `${x.policy} is over ${other.entity}` },
        ]);
      }
    }
    if (existing) {
      const latest = await trx.selectFrom('policy_version').select(['id', 'hash', 'version']).where('policy_id', '=', def.id).orderBy('version', 'desc').executeTakeFirst();
      if (latest && latest.hash === compiled.hash) {
        if (args.activate && existing.active_version_id !== latest.id) await activate(trx, def.id, latest.id, actor);
        return { versionId: latest.id, version: latest.version, hash: latest.hash, unchanged: true };
      }
    } else {
      await trx.insertInto('policy').values({ id: def.id, entity: def.entity, department_code: def.department }).execute();
    }
    const version = (existing?.latest_version ?? 0) + 1;
    const v = await trx
      .insertInto('policy_version')
      .values({
        policy_id: def.id,
        version,
        hash: compiled.hash,
        name_zh: def.name.zh,
        name_en: def.name.en,
        definition: JSON.stringify(def),
        source: args.source,
        note: args.note ?? null,
        created_by: actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('policy').set({ latest_version: version }).where('id', '=', def.id).execute();
    await trx.insertInto('policy_event').values({ policy_id: def.id, version_id: v.id, action: 'created', actor_id: actor?.userId ?? null }).execute();
    if (args.activate) await activate(trx, def.id, v.id, actor);
    return { versionId: v.id, version, hash: compiled.hash, unchanged: false };
  });
}

async function activate(trx: DbOrTx, policyId: string, versionId: number, actor: Principal | null): Promise<void> {
  await trx.updateTable('policy').set({ active_version_id: versionId }).where('id', '=', policyId).execute();
  await trx.insertInto('policy_event').values({ policy_id: policyId, version_id: versionId, action: 'activated', actor_id: actor?.userId ?? null }).execute();
}

export async function activateVersion(db: Db, policyId: string, versionId: number, actor: Principal): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom('policy').selectAll().where('id', '=', policyId).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('NOT_FOUND', { zh: '政策不存在', en: 'No such policy' });
    if (actor.role === 'department_officer' && actor.departmentCode !== p.department_code) {
      throw new AppError('FORBIDDEN', { zh: '只能启用本部门的政策', en: 'You may activate only your own department’s policies' });
    }
    const v = await trx.selectFrom('policy_version').select('id').where('id', '=', versionId).where('policy_id', '=', policyId).executeTakeFirst();
    if (!v) throw new AppError('NOT_FOUND', { zh: '该政策没有这个版本', en: 'The policy has no such version' });
    if (p.active_version_id === versionId) throw new AppError('CONFLICT', { zh: '该版本已在使用中', en: 'That version is already active' });
    await activate(trx, policyId, versionId, actor);
  });
}

/**
 * Loads data/policies/*.yaml. A file that changed since the last version loaded from it becomes a
 * new version; it is activated unless an official has since activated an edited version, which the
 * pack never overrides. Idempotent.
 */
export async function syncPolicyPack(db: Db, dir: string): Promise<{ loaded: number; changed: string[] }> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const changed: string[] = [];
  for (const file of files) {
    const def = parseYaml(readFileSync(join(dir, file), 'utf8')) as unknown;
    try {
      const { def: parsed, compiled } = validateDefinition(def);
      const lastPack = await db
        .selectFrom('policy_version')
        .select(['hash'])
        .where('policy_id', '=', parsed.id)
        .where('source', '=', 'pack')
        .orderBy('version', 'desc')
        .executeTakeFirst();
      if (lastPack?.hash === compiled.hash) continue;
      const active = await db
        .selectFrom('policy')
        .leftJoin('policy_version as v', 'v.id', 'policy.active_version_id')
        .select(['v.source'])
        .where('policy.id', '=', parsed.id)
        .executeTakeFirst();
      const activate = !active || active.source === null || active.source === 'pack';
      await saveVersion(db, { definition: def, source: 'pack', note: `data/policies/${file}`, actor: null, activate });
      changed.push(file);
    } catch (e) {
      if (e instanceof AppError) throw new Error(`data/policies/${file}: ${e.messageEn} ${JSON.stringify(e.details)}`, { cause: e });
      throw e;
    }
  }
  return { loaded: files.length, changed };
}
