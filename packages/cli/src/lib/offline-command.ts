import { Command } from '@oclif/core';
import { errorJson } from './base-command.js';
import { cliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';
import { assertNoUnknownFlags, parseErrorIn } from './parse-errors.js';

/**
 * A command that works on local files with no server (`logs parse`, `detect test`): unknown flags
 * and parse errors as every command reports them, an unreadable file or a bad value exits 2, and
 * `--json` errors are `{"error": {"code", "message", "exit_code"}}`.
 */
export abstract class OfflineCommand extends Command {
  override async init(): Promise<void> {
    await super.init();
    assertNoUnknownFlags(this.argv, this.ctor);
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number }; code?: string }): Promise<unknown> {
    const parseError = parseErrorIn(err, this.id ?? '', this.ctor);
    if (parseError) return super.catch(parseError);
    if (err.code === 'FILE_NOT_FOUND' || err.code === 'VALIDATION_FAILED')
      return super.catch(cliError(err.message, { exit: EXIT.USAGE, code: err.code }));
    err.exitCode ??= err.oclif?.exit ?? EXIT.FAILED;
    return super.catch(err);
  }

  protected override toErrorJson(err: unknown): unknown {
    return errorJson(err);
  }
}
