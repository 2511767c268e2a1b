import type { Command } from '@oclif/core';
import { closest } from './did-you-mean.js';
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
 * oclif's flag and argument errors, reworded for the terminal: the problem, a "did you mean"
 * for a mistyped flag, one usage line and where the help is, instead of the whole help.
 * Undefined for errors that are not about parsing.
 */
export function parseErrorIn(err: ParseFailure, id: string, ctor: typeof Command): Error | undefined {
  if (!err || typeof err !== 'object' || !('parse' in err)) return undefined;
  const problem = err.message.replace(/\n?See more help with --help\s*$/, '');
  const lines = [problem];
  if (err.flags?.length) {
    const known = Object.entries(ctor.flags ?? {}).flatMap(([name, f]) => [`--${name}`, ...(f.char ? [`-${f.char}`] : [])]);
    known.push('--json', '--profile', '--help');
    for (const typo of err.flags) {
      const guess = closest(typo.split('=')[0] as string, known);
      if (guess) lines.push(`Did you mean ${guess}?`);
    }
  }
  lines.push(`Usage: ${usageLine(id, ctor)}`);
  return Object.assign(new Error(lines.join('\n')), {
    oclif: { exit: EXIT.USAGE },
    exitCode: EXIT.USAGE,
    code: 'USAGE',
    suggestions: [`See \`secai ${id.replaceAll(':', ' ')} --help\` for every flag.`],
  });
}
