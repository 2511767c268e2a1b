// The CLI's commands and flags are a contract (scripts call them): this snapshot makes every
// change to them visible in review. Update with SECAI_UPDATE_SNAPSHOTS=1 after a deliberate change.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

interface ManifestCommand {
  flags: Record<string, { type: string; char?: string; multiple?: boolean; options?: string[] }>;
  args: Record<string, { required?: boolean }>;
  summary?: string;
  examples?: unknown[];
}

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../oclif.manifest.json', import.meta.url)), 'utf8')) as {
  commands: Record<string, ManifestCommand>;
};
const snapshotPath = fileURLToPath(new URL('./commands.snapshot.json', import.meta.url));

const surface = Object.fromEntries(
  Object.entries(manifest.commands)
    .filter(([id]) => !id.startsWith('autocomplete') && id !== 'help')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, c]) => [
      id,
      {
        args: Object.entries(c.args).map(([name, a]) => (a.required ? `<${name}>` : `[${name}]`)),
        flags: Object.entries(c.flags)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(
            ([name, f]) =>
              `--${name}${f.char ? `|-${f.char}` : ''}${f.type === 'option' ? (f.options ? `=${f.options.join('|')}` : '=<value>') : ''}${f.multiple ? '...' : ''}`,
          ),
      },
    ]),
);

test('the command surface matches the committed snapshot', () => {
  if (process.env.SECAI_UPDATE_SNAPSHOTS) writeFileSync(snapshotPath, `${JSON.stringify(surface, null, 2)}\n`);
  assert.equal(surface, JSON.parse(readFileSync(snapshotPath, 'utf8')));
});

test('every command has a summary and at least one example', () => {
  for (const [id, c] of Object.entries(manifest.commands)) {
    if (id.startsWith('autocomplete') || id === 'help') continue;
    assert.ok(c.summary, `${id} has no summary`);
    assert.ok((c.examples ?? []).length > 0, `${id} has no example`);
  }
});

test('docs/cli-reference.md is generated from these commands (run `npm run docs` if not)', async () => {
  // @ts-expect-error: a plain .mjs script without type declarations.
  const { render } = await import('../../../scripts/cli-reference.mjs');
  const committed = readFileSync(fileURLToPath(new URL('../../../docs/cli-reference.md', import.meta.url)), 'utf8');
  assert.ok(render() === committed, 'docs/cli-reference.md is stale: run `npm run docs`');
});

test.run();
