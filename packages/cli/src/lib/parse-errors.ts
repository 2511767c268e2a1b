import type { Command } from '@oclif/core';
import { cliError } from './cli-error.js';
import { closestFlag } from './did-you-mean.js';
import { EXIT } from './exit-codes.js';

interface ParseFailure extends Error {
  parse?: unknown;
  flags?: string[];
  oclif?: { exit?: number };
}

/** `secai alerts list [flags]`, or the command's own usage line. */
export function usageLine(id: string, ctor: typeof Command): string {
  const command = id.replaceAll(':', ' ');
  const declared = [ctor.usage].flat()[0];
  if (declared) return `secai ${declared.replaceAll('<%= command.id %>', command).replaceAll('<%= config.bin %>', 'secai')}`;
  const args = Object.entries(ctor.args ?? {}).map(([name, a]) => (a.required ? `<${name}>` : `[${name}]`));
  return ['secai', command, ...args, '[flags]'].join(' ');
}

/**
 * A value a flag's own parser refused (`--limit 0`, below its `min`): oclif rethrows that error
 * as it is, with the message `Parsing --limit \n\t<reason>\nSee more help with --help` and
 * no `parse` property (@oclif/core lib/parser/parse.js, `parseFlagOrThrowError`).
 */
const FLAG_VALUE_REFUSED = /^Parsing (--[\w-]+) \n\t([\s\S]*?)\nSee more help with --help$/;

/**
 * oclif's flag and argument errors, reworded for the terminal: the problem, a "did you mean"
 * for a mistyped flag, one usage line and where the help is, instead of the whole help.
 * Undefined for errors that are not about parsing.
 */
export function parseErrorIn(err: ParseFailure, id: string, ctor: typeof Command): Error | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const refused = typeof err.message === 'string' ? FLAG_VALUE_REFUSED.exec(err.message) : null;
  if (refused) return usageError(`${refused[1]}: ${refused[2]}`, id, ctor);
  if (!('parse' in err)) return undefined;
  const problem = err.message
    .replace(/\n?See more help with --help\s*$/, '')
    // oclif names a missing flag without its dashes ("Missing required flag title").
    .replace(/Missing required flag ([a-z][\w-]*)/g, 'Missing required flag --$1');
  const lines = [problem];
  if (err.flags?.length) {
    const known = knownFlags(ctor);
    for (const typo of err.flags) {
      const guess = closestFlag(typo.split('=')[0] as string, known);
      if (guess) lines.push(`Did you mean ${guess}?`);
    }
  }
  return usageError(lines.join('\n'), id, ctor);
}

/** The problem, one usage line, and where the help is. */
function usageError(problem: string, id: string, ctor: typeof Command): Error {
  return cliError(`${problem}\nUsage: ${usageLine(id, ctor)}`, {
    exit: EXIT.USAGE,
    code: 'USAGE',
    suggestions: [`See \`secai ${id.replaceAll(':', ' ')} --help\` for every flag.`],
  });
}

/** `--name` and `-c` forms of a command's flags and the global ones. */
function knownFlags(ctor: typeof Command): string[] {
  const flags = { ...ctor.flags, ...(ctor as { baseFlags?: typeof ctor.flags }).baseFlags };
  const names = Object.entries(flags).flatMap(([name, f]) => [
    `--${name}`,
    ...(f.char ? [`-${f.char}`] : []),
    ...(f.type === 'boolean' && f.allowNo ? [`--no-${name}`] : []),
    ...(f.aliases ?? []).map((a) => `--${a}`),
  ]);
  return [...names, ...(ctor.enableJsonFlag ? ['--json'] : []), '--help'];
}

/**
 * The long flags in `argv` that the command does not have. oclif checks flag values before it
 * looks for unknown flags, so `--permission x --expires-in-days 5` would otherwise be reported as
 * a bad --permission value (the 5), hiding the real mistake.
 */
export function unknownFlagsIn(argv: string[], ctor: typeof Command): string[] {
  const known = new Set(knownFlags(ctor));
  const flags = { ...ctor.flags, ...(ctor as { baseFlags?: typeof ctor.flags }).baseFlags };
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') break;
    if (!token.startsWith('--')) continue;
    const [name] = token.split('=') as [string];
    if (!known.has(name)) unknown.push(name);
    // `--search --foo` searches for "--foo": a value-taking flag's next word is its value.
    else if (!token.includes('=') && flags[name.slice(2)]?.type === 'option') i++;
  }
  return unknown;
}

/** The error oclif raises for unknown flags, raised before it checks any value. */
export function assertNoUnknownFlags(argv: string[], ctor: typeof Command): void {
  const unknown = unknownFlagsIn(argv, ctor);
  if (unknown.length === 0) return;
  throw Object.assign(new Error(`Nonexistent flag${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`), { parse: {}, flags: unknown });
}
