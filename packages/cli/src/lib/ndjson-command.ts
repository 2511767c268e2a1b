import type { Command } from '@oclif/core';
import { SecaiCommand } from './base-command.js';

/**
 * A command that follows something until Ctrl-C and, with its own `--json` flag, prints one JSON
 * value per line (NDJSON) rather than returning one: oclif does not know of that flag, so an error
 * is made JSON here as every command's is, `{"error": {…}}`, on a line of its own.
 */
export abstract class NdjsonCommand<T extends typeof Command> extends SecaiCommand<T> {
  static override enableJsonFlag = false;

  override jsonEnabled(): boolean {
    const json = this.argv.indexOf('--json');
    const end = this.argv.indexOf('--');
    return json !== -1 && (end === -1 || json < end);
  }

  protected override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json)}\n`);
  }
}
