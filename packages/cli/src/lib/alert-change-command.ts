import { type Command, Flags } from '@oclif/core';
import type { Alert, AlertUpdateParams } from '@secai/sdk';
import { SecaiCommand } from './base-command.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { resolveAlertId } from './resolve.js';

/** Commands that apply one change to one or more alerts: `secai alerts ack <id>...`. */
export abstract class AlertChangeCommand<T extends typeof Command> extends SecaiCommand<T> {
  static override strict = false;
  static override flags = {
    comment: Flags.string({ char: 'm', summary: 'add this comment with the change', helpValue: '<text>' }),
  };

  /** The alert ids given as arguments (whole or unique prefixes of 6+ characters). */
  protected async ids(): Promise<string[]> {
    const ids = this.argList.filter(Boolean);
    if (ids.length === 0) this.error('Give at least one alert id.', { exit: EXIT.USAGE, code: 'USAGE' });
    return ids;
  }

  /**
   * Updates each alert. One alert: its error is the command's error. Several: each failure is
   * reported on its line and the command fails after trying all, saying how many failed.
   */
  protected async apply(change: AlertUpdateParams, verb: string): Promise<Alert[]> {
    const client = this.client();
    const comment = (this.flags as { comment?: string }).comment;
    const given = await this.ids();
    const done: Alert[] = [];
    let failed: { error: unknown; count: number } | undefined;
    for (const value of given) {
      try {
        const id = await resolveAlertId(client, value);
        done.push(await client.alerts.update(id, { ...change, ...(comment && { comment }) }));
        this.notice(`${verb} ${value}`);
      } catch (err) {
        if (given.length === 1) throw err;
        failed = { error: failed?.error ?? err, count: (failed?.count ?? 0) + 1 };
        this.notice(`Could not update ${value}: ${(err as Error).message}`);
      }
    }
    if (failed) {
      const { error, count } = failed;
      // The reasons are printed above; the error says only how many, so nothing is said twice.
      throw Object.assign(new Error(`${count} of ${given.length} alerts could not be updated`), {
        code: (error as { code?: string }).code ?? 'FAILED',
        oclif: { exit: exitCodeFor(error) },
        cause: error,
      });
    }
    return done;
  }
}
