import { Errors } from '@oclif/core';

export interface CliErrorOptions {
  exit: number;
  code?: string | undefined;
  suggestions?: string[] | undefined;
}

/**
 * oclif's error without the ` ›` it puts before every line: a message wrapped at the terminal's
 * width then reads as one sentence (and copies as one).
 */
class PlainCliError extends Errors.CLIError {
  override get bang(): string | undefined {
    return undefined;
  }
}

/**
 * An error as the CLI prints it, in one style everywhere (`    Error: …`, `Code: …`,
 * `Try this: …`), whichever command or hook raised it. `exitCode` is set like `oclif.exit`,
 * since oclif reads the one when printing and the other in --json mode.
 */
export function cliError(message: string, options: CliErrorOptions): Errors.CLIError & { exitCode: number } {
  const err = new PlainCliError(message, {
    exit: options.exit,
    ...(options.code && { code: options.code }),
    ...(options.suggestions?.length && { suggestions: options.suggestions }),
  });
  return Object.assign(err, { exitCode: options.exit });
}
