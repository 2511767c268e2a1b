import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Job } from '@secai/core';
import { pino } from 'pino';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nowIso } from '../_lib/time.js';
import { dropSchema, PG_URL, TEST_JWT_SECRET, testSchema } from '../_test/harness.js';
import { dropPrefix, REDIS_URL, testPrefix } from '../_test/redis.js';
import { loadConfig } from '../config.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import type { ScheduleRunner } from './schedule-runner.js';
import { createScheduler } from './scheduler.js';

/** Three ticks of `*\/2 * * * * *` and a margin for the first to come round. */
const WATCH_MS = 7_500;

function defineExactlyOnce(title: string, withRedis: boolean): void {
  const s = suite(title);
  if (!PG_URL || (withRedis && !REDIS_URL)) {
    s.skip('two instances run each tick of a 2-second schedule exactly once over 3 ticks', () => {});
    s.run();
    return;
  }
  s('two instances run each tick of a 2-second schedule exactly once over 3 ticks', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'secai-sched-'));
    const schema = testSchema();
    const redisPrefix = testPrefix();
    const config = loadConfig({
      env: {},
      flags: {
        dataDir,
        databaseUrl: PG_URL,
        jwtSecret: TEST_JWT_SECRET,
        logLevel: 'silent',
        ...(withRedis && { redisUrl: REDIS_URL, redisPrefix }),
      },
    });
    const runs: { instance: string; tick: string }[] = [];
    const runner =
      (instance: string): ScheduleRunner =>
      async (_ctx, name, tick) => {
        if (name === 'every-2s') runs.push({ instance, tick });
        return { id: `${instance}-${runs.length}` } as Job;
      };
    const runtimes: Runtime[] = [];
    try {
      for (const instance of ['a', 'b']) {
        const runtime = await createRuntime(config, { logger: pino({ level: 'silent' }), schema });
        runtimes.push(runtime);
        if (withRedis) assert.ok(runtime.adapters.redis, 'the Redis lock is in use');
        runtime.add(createScheduler(runtime, runner(instance)));
      }
      const [a] = runtimes as [Runtime];
      // Only this schedule: the built-ins are not seeded by createRuntime.
      await a.services.deps.repos.schedules.insertMissing(
        a.db,
        [{ id: 'every-2s', cron: '*/2 * * * * *', timezone: 'UTC', enabled: true }],
        nowIso(),
      );
      await Promise.all(runtimes.map((r) => r.start()));
      await delay(WATCH_MS);
    } finally {
      await Promise.all(runtimes.map((r) => r.stop()));
      rmSync(dataDir, { recursive: true, force: true });
      await dropSchema(schema);
      if (withRedis && REDIS_URL) await dropPrefix(REDIS_URL, redisPrefix);
    }
    const perTick = new Map<string, string[]>();
    for (const run of runs) perTick.set(run.tick, [...(perTick.get(run.tick) ?? []), run.instance]);
    assert.ok(perTick.size >= 3, `only ${perTick.size} ticks ran in ${WATCH_MS} ms: ${JSON.stringify(runs)}`);
    for (const [tick, instances] of perTick) assert.is(instances.length, 1, `tick ${tick} ran on ${instances.join(', ')}`);
    const ticks = [...perTick.keys()].sort();
    for (let i = 1; i < ticks.length; i++) {
      assert.is(Date.parse(ticks[i] as string) - Date.parse(ticks[i - 1] as string), 2_000, 'no tick skipped');
    }
  });
  s.run();
}

defineExactlyOnce('schedules: exactly once across instances [PostgreSQL + Redis lock]', true);
defineExactlyOnce('schedules: exactly once across instances [PostgreSQL, database lock]', false);
