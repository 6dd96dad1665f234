// Reference data for employment services: the occupation catalogue (职业分类大典, 2022 edition, major
// and middle groups only) and which Chongqing districts share a boundary. Both are files in data/,
// read and checked once, at first use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { projectRoot } from '../../paths.js';

const OCCUPATIONS_FILE = join('data', 'employment', 'occupations.yaml');
const ADJACENCY_FILE = join('data', 'divisions', 'district-adjacency.json');

export type Occupation = { code: string; zh: string; en: string; level: 'major' | 'middle'; majorCode: string };

const Name = z.string().trim().min(1);
const MiddleGroup = z.strictObject({ code: z.string().regex(/^\d-\d{2}$/, 'a middle group code is N-NN'), zh: Name, en: Name });
const MajorGroup = z.strictObject({
  code: z.string().regex(/^\d$/, 'a major group code is one digit'),
  zh: Name,
  en: Name,
  middle: z.array(MiddleGroup).min(1),
});
const OccupationCatalogue = z.strictObject({ edition: z.string().min(1), groups: z.array(MajorGroup).min(1) });

const DistrictCode = z.string().regex(/^50\d{4}$/, 'a Chongqing district code is 50 and four digits');
const DistrictAdjacency = z.object({
  source: z.string(),
  method: z.string(),
  neighbours: z.record(DistrictCode, z.array(DistrictCode)),
});

function readData(file: string): string {
  try {
    return readFileSync(join(projectRoot, file), 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as Error).message})`, { cause: error });
  }
}

/** The entry an issue is in, for the message: its path, and its code when it has one. */
function where(data: unknown, path: readonly PropertyKey[]): string {
  let node = data;
  let code: unknown;
  for (const key of path) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<PropertyKey, unknown>)[key];
    if (node !== null && typeof node === 'object' && 'code' in node) code = (node as { code: unknown }).code;
  }
  const at = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '');
  return `${at || '(top level)'}${code === undefined ? '' : ` (entry ${JSON.stringify(code)})`}`;
}

function parseWith<T>(schema: z.ZodType<T>, file: string, data: unknown): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`${file}: ${where(data, issue.path)}: ${issue.message}`);
}

let catalogue: { list: readonly Occupation[]; byCode: ReadonlyMap<string, Occupation> } | undefined;

function loadCatalogue(): NonNullable<typeof catalogue> {
  if (catalogue) return catalogue;
  const file = OCCUPATIONS_FILE;
  let data: unknown;
  try {
    data = parseYaml(readData(file));
  } catch (error) {
    throw new Error(`${file}: not valid YAML (${(error as Error).message})`, { cause: error });
  }
  const { groups } = parseWith(OccupationCatalogue, file, data);
  const list: Occupation[] = [];
  const byCode = new Map<string, Occupation>();
  const add = (occupation: Occupation) => {
    if (byCode.has(occupation.code)) throw new Error(`${file}: code ${occupation.code} appears twice`);
    byCode.set(occupation.code, Object.freeze(occupation));
    list.push(occupation);
  };
  for (const group of groups) {
    add({ code: group.code, zh: group.zh, en: group.en, level: 'major', majorCode: group.code });
    for (const middle of group.middle) {
      if (!middle.code.startsWith(`${group.code}-`)) {
        throw new Error(`${file}: middle group ${middle.code} (${middle.zh}) is listed under major group ${group.code}`);
      }
      add({ ...middle, level: 'middle', majorCode: group.code });
    }
  }
  catalogue = { list: Object.freeze(list), byCode };
  return catalogue;
}

let adjacency: ReadonlyMap<string, readonly string[]> | undefined;

function loadAdjacency(): ReadonlyMap<string, readonly string[]> {
  if (adjacency) return adjacency;
  const file = ADJACENCY_FILE;
  let data: unknown;
  try {
    data = JSON.parse(readData(file));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const { neighbours } = parseWith(DistrictAdjacency, file, data);
  const map = new Map(Object.entries(neighbours).map(([code, list]) => [code, Object.freeze([...list])]));
  // The file is generated, but a hand edit could break what callers rely on.
  for (const [code, list] of map) {
    for (const other of list) {
      if (other === code) throw new Error(`${file}: ${code} is listed as its own neighbour`);
      if (!map.get(other)?.includes(code)) throw new Error(`${file}: ${code} lists ${other}, but ${other} does not list ${code}`);
    }
  }
  adjacency = map;
  return adjacency;
}

/** Major and middle groups, in catalogue order (each major group before its middle groups). */
export function occupations(): readonly Occupation[] {
  return loadCatalogue().list;
}

export function occupation(code: string): Occupation | undefined {
  return loadCatalogue().byCode.get(code);
}

/** Postings and registrations record a middle group (中类), never a major group. */
export function isMiddleGroup(code: string): boolean {
  return occupation(code)?.level === 'middle';
}

/** Districts (GB/T 2260 codes) sharing a boundary with this one; [] for an unknown code. */
export function neighbours(districtCode: string): readonly string[] {
  return loadAdjacency().get(districtCode) ?? [];
}

export function areNeighbours(a: string, b: string): boolean {
  return neighbours(a).includes(b);
}
