import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { CORPUS, corpusAvailable } from '../_lib/corpus.js';
import { csvCells } from '../events/_test/corpus-files.js';
import { attackContext } from './attack-context.js';
import { tactic } from './tactic.js';
import { technique } from './technique.js';

const corpusTest = corpusAvailable ? test : test.skip;

/** enterprise_techniques.csv by technique id: the corpus's own table, read apart from the generated module. */
function techniqueRows(): Map<string, { name: string; tactics: string[]; revokedBy: string; deprecated: boolean }> {
  const [header = '', ...lines] = readFileSync(join(CORPUS, 'attack', 'enterprise_techniques.csv'), 'utf8')
    .trim()
    .split('\n');
  const column = (name: string) => csvCells(header).indexOf(name);
  const [id, name, tactics, revokedBy, deprecated] = ['technique_id', 'name', 'tactics', 'revoked_by_technique_id', 'deprecated'].map(
    column,
  );
  return new Map(
    lines.map((line) => {
      const cells = csvCells(line);
      const cell = (i = -1) => cells[i] ?? '';
      return [
        cell(id),
        {
          name: cell(name),
          tactics: cell(tactics).split(';').filter(Boolean),
          revokedBy: cell(revokedBy),
          deprecated: cell(deprecated) === 'true',
        },
      ];
    }),
  );
}

corpusTest('every technique of enterprise_techniques.csv resolves to its name and tactics; revoked ones to an active one', () => {
  const rows = techniqueRows();
  assert.is(rows.size, 835);
  const failures: string[] = [];
  for (const [id, row] of rows) {
    const found = technique(id.toLowerCase());
    const got = found && { name: found.name, tactics: found.tactics.map((t) => t.shortname), deprecated: found.deprecated };
    const want = { name: row.name, tactics: row.tactics, deprecated: row.deprecated };
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${id}: ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
    if (row.revokedBy) {
      const successor = rows.get(found?.revokedBy ?? '');
      if (!successor || successor.revokedBy || successor.deprecated) failures.push(`${id}: revoked by ${found?.revokedBy}, not active`);
    } else if (found?.revokedBy) failures.push(`${id}: not revoked, but redirected to ${found.revokedBy}`);
  }
  assert.equal(failures, []);
});

corpusTest('every tactic of enterprise_tactics.csv resolves by id and by shortname', () => {
  const [header = '', ...lines] = readFileSync(join(CORPUS, 'attack', 'enterprise_tactics.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(csvCells(header).slice(0, 3), ['tactic_id', 'name', 'shortname']);
  for (const [id = '', name, shortname = ''] of lines.map(csvCells)) {
    assert.equal(tactic(id), { id, shortname, name });
    assert.is(tactic(shortname.replaceAll('-', '_'))?.id, id);
  }
});

const GROUP_OR_SOFTWARE = /^attack\.[gs]\d{4}$/i;
const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

corpusTest("SigmaHQ's attack.* tags resolve; every active technique among them to its name", () => {
  const rows = techniqueRows();
  const sigma = join(CORPUS, 'sigma');
  const unresolved = new Map<string, number>();
  const failures: string[] = [];
  let seen = 0;
  for (const file of readdirSync(sigma, { recursive: true, encoding: 'utf8' }).filter((f) => /^rules[^/]*\/.*\.yml$/.test(f))) {
    for (const doc of parseAllDocuments(readFileSync(join(sigma, file), 'utf8'))) {
      const tags: unknown = doc.toJS()?.tags;
      if (!Array.isArray(tags)) continue;
      const attackTags = tags.filter((t): t is string => typeof t === 'string' && /^attack\./i.test(t));
      attackContext(attackTags);
      for (const tag of attackTags) {
        seen++;
        const id = TECHNIQUE_TAG.exec(tag)?.[1]?.toUpperCase();
        const resolves = id
          ? technique(id) !== undefined
          : GROUP_OR_SOFTWARE.test(tag) || tactic(tag.slice('attack.'.length)) !== undefined;
        if (!resolves) unresolved.set(tag, (unresolved.get(tag) ?? 0) + 1);
        const row = id ? rows.get(id) : undefined;
        if (id && row && !row.revokedBy && !row.deprecated) {
          const context = attackContext([tag]);
          if (JSON.stringify(context.techniques) !== JSON.stringify([{ id, name: row.name }])) failures.push(`${file}: ${tag}`);
        }
      }
    }
  }
  const missed = [...unresolved.values()].reduce((a, b) => a + b, 0);
  // SigmaHQ tags ATT&CK v19 (attack.stealth, attack.defense-impairment, T1685…) while the shipped data is v18.1.
  console.log(
    `  sigma attack tags: ${seen} seen, ${missed} unresolved (${unresolved.size} distinct: ${[...unresolved]
      .sort((a, b) => b[1] - a[1])
      .map(([tag, n]) => `${tag} ${n}`)
      .join(', ')})`,
  );
  assert.ok(seen > 0, 'no attack tags found');
  assert.equal(failures, []);
});

test.run();
