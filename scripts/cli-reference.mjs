#!/usr/bin/env node
// Writes docs/cli-reference.md from the built CLI's manifest, so the reference is the commands'
// own help. `--check` exits 1 when the committed file is stale (the CLI tests run it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const manifestPath = fileURLToPath(new URL('../packages/cli/oclif.manifest.json', import.meta.url));
const target = fileURLToPath(new URL('../docs/cli-reference.md', import.meta.url));

export function render() {
  const { commands } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const out = [
    '# `secai` command reference',
    '',
    'Generated from the commands themselves by `scripts/cli-reference.mjs`; `secai <command> --help` says the same.',
    '',
  ];
  for (const [id, c] of Object.entries(commands).sort(([a], [b]) => a.localeCompare(b))) {
    if (id === 'help' || id.startsWith('autocomplete')) continue;
    const name = id.replaceAll(':', ' ');
    out.push(`## secai ${name}`, '', c.summary ?? '', '');
    if (c.description) out.push(c.description, '');
    const args = Object.entries(c.args).map(([n, a]) => (a.required ? `<${n}>` : `[${n}]`));
    out.push('```', `secai ${name}${args.length ? ` ${args.join(' ')}` : ''}${c.strict === false ? ' <id>...' : ''} [flags]`, '```', '');
    const flags = Object.entries(c.flags).filter(([n]) => n !== 'json' && n !== 'profile');
    if (flags.length) {
      out.push('| flag | meaning |', '|---|---|');
      for (const [n, f] of flags.sort(([a], [b]) => a.localeCompare(b))) {
        const value = f.type === 'option' ? (f.options ? `=${f.options.join('\\|')}` : `=${f.helpValue ?? '<value>'}`) : '';
        const extra = [
          f.multiple && 'repeatable',
          f.default !== undefined && `default: ${Array.isArray(f.default) ? f.default.join(',') : f.default}`,
          f.env && `env: ${f.env}`,
        ]
          .filter(Boolean)
          .join('; ');
        out.push(
          `| \`--${n}${value}\`${f.char ? ` (\`-${f.char}\`)` : ''} | ${f.summary ?? f.description ?? ''}${extra ? ` (${extra})` : ''} |`,
        );
      }
      out.push('');
    }
    const examples = (c.examples ?? []).map((e) => (typeof e === 'string' ? { command: e } : e));
    if (examples.length) {
      out.push('Examples:', '', '```sh');
      for (const e of examples) {
        if (e.description) out.push(`# ${e.description}`);
        out.push(e.command.replaceAll('<%= config.bin %>', 'secai').replaceAll('<%= command.id %>', name));
      }
      out.push('```', '');
    }
  }
  out.push(
    'Every command also takes `--json` (print the result as JSON) and `--profile <name>` (default `default`, env `SECAI_PROFILE`).',
    '',
  );
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = render();
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== text) {
      console.error('docs/cli-reference.md is stale: run `npm run docs`');
      process.exit(1);
    }
  } else writeFileSync(target, text);
}
