// `secai serve` for tests, as a child process (`node --import tsx`): startServer with the test job
// registered before the workers start. SECAI_TEST_SERVE = {flags, runsFile}. Prints "ready <url>".
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { startServer } from '../main.js';
import { sleepJob } from './test-jobs.js';

const options = JSON.parse(process.env.SECAI_TEST_SERVE ?? '{}') as { flags: Record<string, unknown>; runsFile: string };
const running = await startServer(loadConfig({ env: {}, flags: options.flags }), {
  logger: pino({ level: 'silent' }),
  definitions: [sleepJob(options.runsFile) as never],
});
process.stdout.write(`ready ${running.url}\n`);
process.once('SIGTERM', () => {
  running.close().then(() => process.exit(0));
});
