import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from './codes.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function documented(): Map<string, number> {
  const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
  return new Map([...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1] as string, Number(m[2])]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

test('every code in the catalog is documented with its status, and nothing else is', () => {
  const docs = documented();
  assert.equal([...docs.keys()].sort(), Object.keys(ERROR_CODES).sort());
  for (const [code, status] of Object.entries(ERROR_CODES)) assert.is(docs.get(code), status, code);
});

test('every code the packages throw is in the catalog', () => {
  const used = new Set<string>();
  for (const file of sources(join(root, 'packages'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:new \w*Error\(\s*|Code: |[\])],\s*)'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) used.add(m[1] as string);
  }
  const unknown = [...used].filter((c) => !(c in ERROR_CODES));
  assert.equal(unknown, []);
  assert.ok(used.size >= 30, `found only ${used.size} codes in use`);
});

test.run();
