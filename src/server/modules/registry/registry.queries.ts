// Registry reads, scoped to the caller's org unit. Query functions take the database first.
import type { DbOrTx } from '../../db/index.js';
import { scopeOf, type Principal, type Scope } from '../../platform/access.js';

export function ageOn(birthDate: string, today: string): number {
  let age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (today.slice(5) < birthDate.slice(5)) age--;
  return age;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Living persons grouped by one division column, optionally inside a parent. */
export async function populationBy(db: DbOrTx, groupColumn: 'district_code' | 'township_code' | 'village_code', parent: Scope) {
  const rows = await db
    .selectFrom('person as p')
    .select([`p.${groupColumn} as code`, (eb) => eb.fn.countAll<number>().as('population'), (eb) => eb.fn.count<number>('p.household_id').distinct().as('households')])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('police_death as x').select('x.person_id').whereRef('x.person_id', '=', 'p.id'))))
    .$if(parent !== null, (b) => b.where(`p.${parent!.column}`, '=', parent!.code))
    .groupBy(`p.${groupColumn}`)
    .execute();
  return new Map(rows.map((r) => [r.code, { population: Number(r.population), households: Number(r.households) }]));
}

export type PersonSearch = { q?: string | undefined; divisionCode?: string | undefined; page: number; pageSize: number };

export function searchPersons(db: DbOrTx, who: Principal, s: PersonSearch) {
  const scope = scopeOf(who);
  const q = s.q?.trim();
  const base = db
    .selectFrom('person as p')
    .$if(scope !== null, (b) => b.where(`p.${scope!.column}`, '=', scope!.code))
    .$if(!!q && /^\d{17}[\dX]$/i.test(q), (b) => b.where('p.id_number', '=', q!.toUpperCase()))
    .$if(!!q && !/^\d{17}[\dX]$/i.test(q), (b) => b.where('p.name', 'like', `${escapeLike(q!)}%`))
    .$if(!!s.divisionCode, (b) => {
      const c = s.divisionCode!;
      const col = c.length === 6 ? 'p.district_code' : c.length === 9 ? 'p.township_code' : 'p.village_code';
      return b.where(col, '=', c);
    });
  return {
    count: base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    page: (limit: number, offset: number) =>
      base
        .innerJoin('division as d', 'd.code', 'p.district_code')
        .innerJoin('division as t', 't.code', 'p.township_code')
        .innerJoin('division as v', 'v.code', 'p.village_code')
        .select(['p.id', 'p.name', 'p.sex', 'p.birth_date', 'p.id_number', 'p.district_code', 'd.name as district_name', 't.name as township_name', 'v.name as village_name'])
        .orderBy('p.id')
        .limit(limit)
        .offset(offset)
        .execute(),
  };
}

/** The person if inside the caller's org unit; undefined otherwise (the route answers 404 either way). */
export async function findPersonInScope(db: DbOrTx, who: Principal, id: number) {
  const scope = scopeOf(who);
  return db
    .selectFrom('person')
    .selectAll()
    .where('id', '=', id)
    .$if(scope !== null, (b) => b.where(scope!.column, '=', scope!.code))
    .executeTakeFirst();
}

export async function divisionNames(db: DbOrTx, codes: string[]) {
  const rows = codes.length ? await db.selectFrom('division').select(['code', 'name']).where('code', 'in', [...new Set(codes)]).execute() : [];
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Insured headcount: employees with an open employment and a contribution in the given month ('YYYY-MM-01'). */
export async function insuredHeadcount(db: DbOrTx, enterpriseIds: number[], month: string) {
  if (enterpriseIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('employment as m')
    .innerJoin('contribution as c', 'c.employment_id', 'm.id')
    .select(['m.enterprise_id', (eb) => eb.fn.count<number>('m.person_id').distinct().as('n')])
    .where('m.enterprise_id', 'in', enterpriseIds)
    .where('m.end_date', 'is', null)
    .where('c.month', '=', month)
    .groupBy('m.enterprise_id')
    .execute();
  return new Map(rows.map((r) => [r.enterprise_id, Number(r.n)]));
}

/** The first day of the month before the given date: the latest month whose contributions are due. */
export function lastClosedMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}
