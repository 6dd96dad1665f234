// Benchmark of the discrimination screening of job postings (M16): postings screened per second on
// one core, over the labelled corpus repeated to ≥ 200,000 postings, the median of 5 timed rounds after
// a warm-up round; and the corpus's posting-level precision and recall.
//
//   npx tsx bench/screening.bench.ts                          # 200,000 postings × 5 rounds
//   npx tsx bench/screening.bench.ts --postings 500000 --rounds 7
//
// Prints Markdown; progress goes to stderr.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { corpusMetrics, SCREENING_CORPUS, SCREENING_HOLDOUT, type CorpusMetrics, type CorpusPosting } from '../src/server/modules/employment/screening.corpus.js';
import { screenPosting, SCREENING_RULES } from '../src/server/modules/employment/screening.js';

const { values: opt } = parseArgs({
  options: {
    postings: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
  },
});
const int = (name: string, v: string | undefined, min = 1) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${v}`);
  return n;
};
const POSTINGS = int('postings', opt.postings);
const ROUNDS = int('rounds', opt.rounds);

const log = (m: string) => process.stderr.write(`[bench:screening ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const machine = () =>
  `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')}`;

/** One round: screens every posting, returns the seconds taken and the findings counted (so the work is used). */
function round(postings: readonly CorpusPosting[]): { seconds: number; findings: number } {
  let findings = 0;
  const t0 = performance.now();
  for (const p of postings) findings += screenPosting(p).length;
  return { seconds: (performance.now() - t0) / 1000, findings };
}

function metricsTable(label: string, m: CorpusMetrics): string[] {
  const out = [`\n#### ${label}: ${m.postings} postings (${m.clean} clean, ${m.flagged} with violations)\n`, '| category | TP | FP | FN | precision | recall |', '|---|---|---|---|---|---|'];
  for (const r of [...m.rows, m.overall]) {
    const name = r.category === 'overall' ? '**overall**' : r.category;
    out.push(`| ${name} | ${r.tp} | ${r.fp} | ${r.fn} | ${pct(r.precision)} | ${pct(r.recall)} |`);
  }
  out.push(
    `\nClean postings with a finding: ${m.noisyClean.length}; postings whose strongest severity differs from the label: ${m.severityMismatches.length}; \`hasBlocking\` disagreeing with the label: ${m.blockingMismatches.length}.`,
  );
  return out;
}

function main() {
  const copies = Math.ceil(POSTINGS / SCREENING_CORPUS.length);
  const postings = Array.from({ length: copies }, () => SCREENING_CORPUS).flat();
  const chars = postings.reduce((s, p) => s + p.title.length + p.description.length, 0);
  log(`${fmt(postings.length)} postings (${copies} copies of the ${SCREENING_CORPUS.length}-posting corpus), warming up`);
  round(postings);
  const runs: { seconds: number; findings: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = round(postings);
    runs.push(r);
    log(`round ${i + 1}/${ROUNDS}: ${r.seconds.toFixed(2)} s, ${fmt(postings.length / r.seconds)} postings/s`);
  }
  const rates = runs.map((r) => postings.length / r.seconds);

  const out: string[] = [];
  out.push('\n### Discrimination screening of job postings (M16)\n');
  out.push(
    `\`screenPosting\` over ${fmt(postings.length)} postings (the labelled corpus × ${copies}; ${fmt(chars / postings.length)} characters per posting on average), one thread, ${SCREENING_RULES.length} rules; 1 warm-up round, then ${ROUNDS} timed rounds.\n`,
  );
  out.push('| postings | median postings/s | min | max | median µs/posting | findings per round |');
  out.push('|---|---|---|---|---|---|');
  out.push(
    `| ${fmt(postings.length)} | **${fmt(median(rates))}** | ${fmt(Math.min(...rates))} | ${fmt(Math.max(...rates))} | ${(1e6 / median(rates)).toFixed(1)} | ${fmt(runs[0]!.findings)} |`,
  );
  out.push(...metricsTable('Labelled corpus (`SCREENING_CORPUS`)', corpusMetrics(SCREENING_CORPUS)));
  out.push(...metricsTable('Held-out postings (`SCREENING_HOLDOUT`, since used to improve the rules)', corpusMetrics(SCREENING_HOLDOUT)));
  out.push(`\nmachine: ${machine()}`);
  console.log(out.join('\n'));
}

main();
