// Loads the shipped reference data: Chongqing's GB/T 2260 divisions and the departments.
// Idempotent: rows already present are left as they are.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import { dataPath } from '../../paths.js';

const Pair = z.tuple([z.string(), z.string()]);
const DivisionFile = z.object({
  source: z.string(),
  city: Pair,
  districts: z.array(Pair),
  townships: z.array(Pair),
  villages: z.array(Pair),
});
const DepartmentFile = z.object({
  departments: z.array(z.object({ code: z.string(), name_zh: z.string(), name_en: z.string(), short_zh: z.string(), issuer: z.boolean() })),
});

export type DivisionRow = {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  district_code: string | null;
  township_code: string | null;
  urban: boolean | null;
};

let cachedDivisions: DivisionRow[] | undefined;

/** Every Chongqing division, parents before children. */
export function chongqingDivisions(): DivisionRow[] {
  if (cachedDivisions) return cachedDivisions;
  const f = DivisionFile.parse(JSON.parse(readFileSync(dataPath('divisions', 'chongqing.json'), 'utf8')));
  const rows: DivisionRow[] = [{ code: f.city[0], name: f.city[1], level: 1, parent_code: null, district_code: null, township_code: null, urban: null }];
  for (const [code, name] of f.districts) rows.push({ code, name, level: 2, parent_code: f.city[0], district_code: code, township_code: null, urban: null });
  for (const [code, name] of f.townships) {
    rows.push({ code, name, level: 3, parent_code: code.slice(0, 6), district_code: code.slice(0, 6), township_code: code, urban: name.endsWith('街道') });
  }
  for (const [code, name] of f.villages) {
    // 社区/居委会 are urban residents' committees; 村/村委会 are rural.
    const urban = /社区|居委会|居民委员会/.test(name);
    rows.push({ code, name, level: 4, parent_code: code.slice(0, 9), district_code: code.slice(0, 6), township_code: code.slice(0, 9), urban });
  }
  cachedDivisions = rows;
  return rows;
}

export function departments() {
  return DepartmentFile.parse(JSON.parse(readFileSync(dataPath('departments', 'chongqing.json'), 'utf8'))).departments;
}

export async function loadReferenceData(db: DbOrTx): Promise<{ divisions: number; departments: number }> {
  const divs = chongqingDivisions();
  for (let i = 0; i < divs.length; i += 2000) {
    await db.insertInto('division').values(divs.slice(i, i + 2000)).onConflict((oc) => oc.column('code').doNothing()).execute();
  }
  const deps = departments();
  await db.insertInto('department').values(deps).onConflict((oc) => oc.column('code').doNothing()).execute();
  return { divisions: divs.length, departments: deps.length };
}
