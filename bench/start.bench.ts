// Measures `huimin start` on a fresh embedded database: seconds until /api/health answers, and the
// server process's peak resident memory (VmHWM) at that moment. Then restarts on the same data and
// measures again (no seeding). Run: npm run build && npm run bench:start [-- persons]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const persons = Number(process.argv[2] ?? 200_000);
const port = 3290;

async function startOnce(dataDir: string) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/cli/huimin.js', 'start'], {
    env: { ...process.env, DATABASE_URL: '', HUIMIN_DATA_DIR: dataDir, HUIMIN_PERSONS: String(persons), PORT: String(port), HOST: '127.0.0.1', HUIMIN_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - t0) / 1000;
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const peakMiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { seconds, peakMiB };
}

const dir = mkdtempSync(join(os.tmpdir(), 'huimin-bench-start-'));
try {
  const first = await startOnce(dir);
  const second = await startOnce(dir);
  console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  console.log(`persons: ${persons.toLocaleString('en')}`);
  console.log(`first start (migrate + seed + serve): ${first.seconds.toFixed(1)} s to ready, peak RSS ${first.peakMiB.toFixed(0)} MiB`);
  console.log(`restart (same data, no seed):        ${second.seconds.toFixed(1)} s to ready, peak RSS ${second.peakMiB.toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
