import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../_lib/corpus.js';
import { concatenatedObjects, csvCells } from '../events/_test/corpus-files.js';
import { parseLine } from '../events/parse.js';
import { compileRule } from './compile.js';
import { RuleRefused } from './errors.js';
import { readRules } from './rule.js';
import { RuleSet } from './rule-set.js';

const corpusTest = corpusAvailable ? test : test.skip;
const sigma = join(CORPUS, 'sigma');
const receivedAt = new Date('2026-12-03T00:00:00Z');

corpusTest('each of the 203 regression rules fires on its own events, as often as its test says', () => {
  const [, ...rows] = readFileSync(join(sigma, 'regression_index.csv'), 'utf8').trim().split('\n');
  const failures: string[] = [];
  let rules = 0;
  let events = 0;
  for (const row of rows) {
    const [id, title, rulePath = '', , , testType, , matchCount = '', files = ''] = csvCells(row);
    if (testType !== 'evtx') continue;
    rules++;
    const [rule] = readRules(readFileSync(join(sigma, rulePath), 'utf8'));
    let compiled: ReturnType<typeof compileRule>;
    try {
      compiled = compileRule(rule as NonNullable<typeof rule>);
    } catch (err) {
      failures.push(`${id} ${title}: refused: ${(err as Error).message}`);
      continue;
    }
    let hits = 0;
    for (const file of files.split(';')) {
      for (const text of concatenatedObjects(readFileSync(join(sigma, file), 'utf8'))) {
        events++;
        if (compiled.matches(parseLine(JSON.stringify(JSON.parse(text)), { receivedAt }).event)) hits++;
      }
    }
    // Upstream's runner: at least one hit; with match_count, fewer is an error (more only a warning).
    const want = matchCount === '' ? 1 : Number(matchCount);
    if (hits < want) failures.push(`${id} ${title}: ${hits} hits, ${want} expected`);
  }
  console.log(`  sigma regression: ${rules - failures.length} of ${rules} rules fire on their ${events} events`);
  assert.equal(failures, []);
  assert.is(rules, 202, 'the cisco .raw test is commented out upstream');
});

/** Every rule document of the corpus, read and compiled once for the tests below (it takes seconds). */
interface CorpusRules {
  documents: number;
  ids: Set<string>;
  compiled: ReturnType<typeof compileRule>[];
  reasons: Map<string, number>;
}
let corpusRulesRead: CorpusRules | undefined;
function corpusRules(): CorpusRules {
  if (corpusRulesRead) return corpusRulesRead;
  const read: CorpusRules = { documents: 0, ids: new Set(), compiled: [], reasons: new Map() };
  for (const file of readdirSync(sigma, { recursive: true, encoding: 'utf8' }).filter((f) => /^rules[^/]*\/.*\.yml$/.test(f))) {
    for (const rule of readRules(readFileSync(join(sigma, file), 'utf8'))) {
      read.documents++;
      if (rule.id) read.ids.add(rule.id);
      try {
        read.compiled.push(compileRule(rule));
      } catch (err) {
        if (!(err instanceof RuleRefused)) throw new Error(`${file}: ${(err as Error).stack}`);
        const reason = err.message.replace(/^search "[^"]+": /, '').replace(/logsource \{.*\}:/, 'logsource:');
        read.reasons.set(reason, (read.reasons.get(reason) ?? 0) + 1);
      }
    }
  }
  corpusRulesRead = read;
  return read;
}

corpusTest('a rule set finds on each event the rules that trying every rule finds', () => {
  const rules = corpusRules().compiled;
  const set = new RuleSet(rules);
  const [, ...rows] = readFileSync(join(sigma, 'regression_index.csv'), 'utf8').trim().split('\n');
  let hits = 0;
  let tried = 0;
  for (const row of rows) {
    const files = csvCells(row)[8] ?? '';
    for (const file of files.split(';').filter((f) => f.endsWith('.json'))) {
      for (const text of concatenatedObjects(readFileSync(join(sigma, file), 'utf8'))) {
        const event = parseLine(JSON.stringify(JSON.parse(text)), { receivedAt }).event;
        const everyRule = rules.filter((r) => r.matches(event)).map((r) => r.rule.id);
        const indexed = set.match(event).map((r) => r.rule.id);
        assert.equal(indexed.sort(), everyRule.sort(), file);
        hits += indexed.length;
        tried++;
      }
    }
  }
  // And on every third record of the attack recordings (all of them take seconds, tried rule by rule).
  const datasets = join(CORPUS, 'security-datasets', 'windows');
  let records = 0;
  for (const file of readdirSync(datasets).filter((f) => f.endsWith('.json'))) {
    const lines = readFileSync(join(datasets, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i += 3) {
      if (!lines[i]?.trim()) continue;
      const event = parseLine(lines[i] as string, { receivedAt }).event;
      const everyRule = rules.filter((r) => r.matches(event)).map((r) => r.rule.id);
      const indexed = set.match(event).map((r) => r.rule.id);
      assert.equal(indexed.sort(), everyRule.sort(), `${file}:${i + 1}`);
      hits += indexed.length;
      records++;
    }
  }
  console.log(`  rule set: ${set.size} rules, ${hits} hits on ${tried} regression events and ${records} recorded ones`);
});

corpusTest('every SigmaHQ rule reads, and those the engine cannot run yet are counted with their reasons', () => {
  const { documents, ids, compiled, reasons } = corpusRules();
  const loaded = compiled.length;
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(
    `  sigma rules: ${loaded} of ${documents} run (${((100 * loaded) / documents).toFixed(1)}%); not yet: ${top.map(([r, n]) => `${n} × ${r}`).join('; ')}`,
  );
  assert.is(documents, 3780);
  assert.is(ids.size, 3780, 'every rule has its own id');
  assert.ok(loaded >= documents * 0.99, `${loaded} of ${documents} run: the goal is 99%`);
});

corpusTest('the attack recordings: each rule listed fires as often as listed, or stays silent', () => {
  const datasets = join(CORPUS, 'security-datasets');
  const [, ...rows] = readFileSync(join(datasets, 'expected_sigma.csv'), 'utf8').trim().split('\n');
  const failures: string[] = [];
  for (const row of rows) {
    const [file = '', , rulePath = '', expectation, count = ''] = csvCells(row);
    const [rule] = readRules(readFileSync(join(sigma, rulePath), 'utf8'));
    let compiled: ReturnType<typeof compileRule>;
    try {
      compiled = compileRule(rule as NonNullable<typeof rule>);
    } catch (err) {
      failures.push(`${rulePath}: refused: ${(err as Error).message}`);
      continue;
    }
    let sysmon = 0;
    let all = 0;
    for (const line of readFileSync(join(datasets, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const event = parseLine(line, { receivedAt }).event;
      if (!compiled.matches(event)) continue;
      all++;
      if (/sysmon/i.test(String((event as { winlog?: { channel?: string } }).winlog?.channel))) sysmon++;
    }
    // For a category the list counts Sysmon records (Security 4688 is process creation too: one
    // more hit per such row); a rule on a service's channel counts them all.
    const hits = rule?.logsource.category ? sysmon : all;
    const want = expectation === 'fires' ? Number(count) : 0;
    if (hits !== want || (want === 0 && all > 0)) failures.push(`${rulePath} on ${file}: ${hits} hits (${all} in all), ${want} listed`);
  }
  console.log(`  security-datasets: ${rows.length - failures.length} of ${rows.length} listed outcomes`);
  assert.equal(failures, []);
});

test.run();
