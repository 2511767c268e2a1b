#!/usr/bin/env node
// Detection (issue #11): every SigmaHQ rule the engine runs, as one rule set, over the corpus's
// Windows events (the Sigma regression events and the Security-Datasets attack recordings)
// replayed to 1,000,000 events, on one core (this thread, events already parsed, as the
// pipeline hands them over). Prints events/s and the p99 time the rules add to an event.
// Target: >= 100,000 events/s. No peer runs here: Zircolite and Chainsaw work on files offline,
// and neither installs from this machine's registries.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLine } from '@secai/core/events';
import { compileRule, RuleSet, readRules } from '@secai/core/sigma';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const TARGET = 100_000;
const corpus = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const sigma = join(corpus, 'sigma');
if (!existsSync(sigma)) {
  console.log(`the corpus is not at ${corpus}: this benchmark runs SigmaHQ's rules over its events`);
  process.exit(1);
}

let documents = 0;
const compiled = [];
const loadStart = performance.now();
for (const file of readdirSync(sigma, { recursive: true, encoding: 'utf8' }).filter((f) => /^rules[^/]*\/.*\.yml$/.test(f))) {
  for (const rule of readRules(readFileSync(join(sigma, file), 'utf8'))) {
    documents++;
    try {
      compiled.push(compileRule(rule));
    } catch {
      // refused: counted below
    }
  }
}
const set = new RuleSet(compiled);
const loadMs = performance.now() - loadStart;

const receivedAt = new Date('2026-12-03T00:00:00Z');
const events = [];
for (const file of readdirSync(join(sigma, 'regression_data'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'))) {
  const text = readFileSync(join(sigma, 'regression_data', file), 'utf8');
  // Several pretty-printed objects one after another: split where one closes at the line start.
  for (const object of text.split(/(?<=^\})\s*(?=\{)/m)) events.push(parseLine(JSON.stringify(JSON.parse(object)), { receivedAt }).event);
}
const datasets = join(corpus, 'security-datasets', 'windows');
for (const file of readdirSync(datasets).filter((f) => f.endsWith('.json'))) {
  for (const line of readFileSync(join(datasets, file), 'utf8').split('\n'))
    if (line.trim()) events.push(parseLine(line, { receivedAt }).event);
}

console.log(
  `${set.size} of ${documents} SigmaHQ rules in one rule set (compiled in ${Math.round(loadMs)} ms); ${events.length} corpus events replayed to ${EVENTS.toLocaleString('en')}, node ${process.version}`,
);
for (let i = 0; i < 20_000; i++) set.match(events[i % events.length]); // warm-up: the JIT
const times = new Float64Array(EVENTS);
let hits = 0;
const start = process.hrtime.bigint();
for (let i = 0; i < EVENTS; i++) {
  const t0 = process.hrtime.bigint();
  hits += set.match(events[i % events.length]).length;
  times[i] = Number(process.hrtime.bigint() - t0);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
times.sort();
const rate = EVENTS / seconds;
console.log(
  `secai rule set: ${Math.round(rate).toLocaleString('en')} events/s (target >= ${TARGET.toLocaleString('en')}) ${rate >= TARGET ? 'MET' : 'MISSED'}`,
);
console.log(
  `  added per event: p50 ${(times[Math.floor(EVENTS * 0.5)] / 1e3).toFixed(1)} us, p99 ${(times[Math.floor(EVENTS * 0.99)] / 1e3).toFixed(1)} us; ${hits.toLocaleString('en')} hits`,
);
if (rate < TARGET) process.exitCode = 1;
