// Used by `npm start`: builds the server and the web UI when dist/ is missing or older than src/.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const outputs = ['dist/cli/huimin.js', 'dist/web/index.html'];
const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
const sources = Math.max(newest('src'), statSync('package.json').mtimeMs, existsSync('vite.config.ts') ? statSync('vite.config.ts').mtimeMs : 0);
if (built < sources) {
  process.stderr.write('building the server and the web UI (first start, or sources changed)…\n');
  execSync('npm run build', { stdio: 'inherit' });
}
