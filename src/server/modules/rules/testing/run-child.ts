// Child process for the kill-and-resume test: executes a run and prints each committed district,
// so that the parent can kill it (SIGKILL) in the middle of the run.
import { openDatabase } from '../../../db/index.js';
import { executeRun } from '../run.js';

const [target, runIdText] = process.argv.slice(2);
if (!target || !runIdText) throw new Error('usage: run-child <dataDir|postgres-url> <runId>');
const h = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target });
await executeRun(h.db, Number(runIdText), {
  afterChunk: (done) => {
    process.stdout.write(`chunk ${done}\n`);
  },
});
process.stdout.write('finished\n');
await h.close();
