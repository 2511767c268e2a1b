// A `secai worker` for tests, run as a child process (`node --import tsx`): startWorker with the
// test job registered. SECAI_TEST_WORKER = {flags, schema?, concurrency, runsFile}. Prints
// "ready" once it consumes; SIGTERM stops it cleanly (a test sends SIGKILL to kill it).
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { startWorker } from '../worker.js';
import { sleepJob } from './test-jobs.js';

const options = JSON.parse(process.env.SECAI_TEST_WORKER ?? '{}') as {
  flags: Record<string, unknown>;
  schema?: string;
  concurrency: number;
  runsFile: string;
};
const runtime = await startWorker(loadConfig({ env: {}, flags: options.flags }), {
  concurrency: options.concurrency,
  logger: pino({ level: 'silent' }),
  ...(options.schema && { schema: options.schema }),
  definitions: [sleepJob(options.runsFile) as never],
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  runtime.stop().then(() => process.exit(0));
});
