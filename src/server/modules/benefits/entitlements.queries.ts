// Staff reads of entitlements, scoped like person reads: a district officer sees the district's, a
// township (or village) worker those whose payee lives there (an enterprise payee: is placed there), a
// department officer those of their department's policies. Payee names are masked.
import type { DbOrTx } from '../../db/index.js';
import type { EntitlementStatus } from '../../db/schema.js';
import { divisionInScope, scopeOf, type Principal } from '../../platform/access.js';
import { maskIdNumber } from '../../platform/mask.js';
import { paged, type PagingQuery } from '../../platform/paging.js';
import { STATUS_LABELS } from './entitlement-state.js';
import { loadEntitlementRecord, recordView } from './entitlement-record.js';
import { maskName } from '../../platform/mask.js';

export type EntitlementFilter = PagingQuery & {
  policyId?: string | undefined;
  districtCode?: string | undefined;
  status?: EntitlementStatus | undefined;
  period?: string | undefined;
};

function visible(db: DbOrTx, p: Principal) {
  const scope = scopeOf(p);
  return db
    .selectFrom('entitlement as e')
    .$if(p.role === 'department_officer', (b) => b.where('e.policy_id', 'in', (eb) => eb.selectFrom('policy as pd').select('pd.id').where('pd.department_code', '=', p.departmentCode ?? '')))
    .$if(scope !== null, (b) => b.where('e.district_code', '=', scope!.code.slice(0, 6)))
    .$if(scope !== null && scope.column !== 'district_code', (b) =>
      b.where((eb) =>
        eb.or([
          eb.and([
            eb('e.entity_type', 'in', ['person', 'household']),
            eb.exists(eb.selectFrom('person as sp').select('sp.id').whereRef('sp.id', '=', 'e.person_id').where(`sp.${scope!.column}`, '=', scope!.code)),
          ]),
          eb.and([
            eb('e.entity_type', 'in', ['enterprise', 'employment']),
            eb.exists(eb.selectFrom('enterprise as se').select('se.id').whereRef('se.id', '=', 'e.enterprise_id').where('se.township_code', '=', scope!.code.slice(0, 9))),
          ]),
        ]),
      ),
    );
}

export function listEntitlements(db: DbOrTx, p: Principal, f: EntitlementFilter) {
  if (f.districtCode && !divisionInScope(p, f.districtCode) && !p.orgCode.startsWith(f.districtCode)) return Promise.resolve({ items: [], total: 0, page: f.page, pageSize: f.pageSize });
  const base = visible(db, p)
    .$if(!!f.policyId, (b) => b.where('e.policy_id', '=', f.policyId!))
    .$if(!!f.districtCode, (b) => b.where('e.district_code', '=', f.districtCode!))
    .$if(!!f.status, (b) => b.where('e.status', '=', f.status!))
    .$if(!!f.period, (b) => b.where('e.period', '=', f.period!));
  return paged(f, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), async (limit, offset) => {
    const rows = await base
      .innerJoin('policy_version as v', 'v.id', 'e.policy_version_id')
      .innerJoin('division as d', 'd.code', 'e.district_code')
      .leftJoin('person as ps', 'ps.id', 'e.person_id')
      .leftJoin('enterprise as en', 'en.id', 'e.enterprise_id')
      .select([
        'e.id',
        'e.policy_id',
        'v.name_zh',
        'v.name_en',
        'e.entity_type',
        'e.entity_id',
        'e.period',
        'e.district_code',
        'd.name as district_name',
        'e.amount_fen',
        'e.delivery',
        'e.status',
        'e.updated_at',
        'ps.name as person_name',
        'en.name as enterprise_name',
      ])
      .orderBy('e.id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => {
      const enterprisePayee = r.entity_type === 'enterprise' || r.entity_type === 'employment';
      return {
        id: r.id,
        policyId: r.policy_id,
        policyName: { zh: r.name_zh, en: r.name_en },
        entityType: r.entity_type,
        entityId: r.entity_id,
        period: r.period,
        districtCode: r.district_code,
        districtName: r.district_name,
        // Enterprise names are public (business registration); a person's name is masked.
        payeeName: enterprisePayee ? r.enterprise_name : r.person_name === null ? null : maskName(r.person_name),
        amountFen: Number(r.amount_fen),
        delivery: r.delivery,
        status: r.status,
        statusLabel: STATUS_LABELS[r.status],
        updatedAt: r.updated_at,
      };
    });
  });
}

/** One entitlement with its history, if the caller's scope covers it. */
export async function findEntitlement(db: DbOrTx, p: Principal, id: number) {
  const inScope = await visible(db, p).select('e.id').where('e.id', '=', id).executeTakeFirst();
  if (!inScope) return undefined;
  const record = (await loadEntitlementRecord(db, id))!;
  const { e } = record;
  const person = e.person_id === null ? undefined : await db.selectFrom('person').select(['name', 'id_number']).where('id', '=', e.person_id).executeTakeFirst();
  const enterprise = e.enterprise_id === null ? undefined : await db.selectFrom('enterprise').select(['name', 'credit_code']).where('id', '=', e.enterprise_id).executeTakeFirst();
  const enterprisePayee = e.entity_type === 'enterprise' || e.entity_type === 'employment';
  return {
    ...recordView(record),
    entityId: e.entity_id,
    runId: e.run_id,
    snapshotId: e.snapshot_id,
    ruleHash: e.rule_hash,
    excludedBy: e.excluded_by,
    payee: enterprisePayee
      ? { kind: 'enterprise' as const, id: e.enterprise_id, name: enterprise?.name ?? null, creditCode: enterprise?.credit_code ?? null }
      : { kind: 'person' as const, id: e.person_id, name: person ? maskName(person.name) : null, idNumber: person ? maskIdNumber(person.id_number) : null },
    events: record.events.map((ev) => ({ at: ev.at, fromStatus: ev.from_status, toStatus: ev.to_status, note: ev.note, runId: ev.run_id, actor: ev.actor_name, actorRole: ev.actor_role })),
  };
}
