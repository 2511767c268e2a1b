import { type Command, Flags } from '@oclif/core';
import type { Alert, AlertUpdateParams } from '@secai/sdk';
import { SecaiCommand } from './base-command.js';
import { EXIT } from './exit-codes.js';

/** Commands that apply one change to one or more alerts: `secai alerts ack <id>...`. */
export abstract class AlertChangeCommand<T extends typeof Command> extends SecaiCommand<T> {
  static override strict = false;
  static override flags = {
    comment: Flags.string({ char: 'm', summary: 'add this comment with the change', helpValue: '<text>' }),
  };

  /** The alert ids given as arguments. */
  protected async ids(): Promise<string[]> {
    const ids = this.argList.filter(Boolean);
    if (ids.length === 0) this.error('Give at least one alert id.', { exit: EXIT.USAGE });
    return ids;
  }

  /** Updates each alert, reporting each; fails after trying all if any failed. */
  protected async apply(change: AlertUpdateParams, verb: string): Promise<Alert[]> {
    const client = this.client();
    const comment = (this.flags as { comment?: string }).comment;
    const done: Alert[] = [];
    let firstError: unknown;
    for (const id of await this.ids()) {
      try {
        done.push(await client.alerts.update(id, { ...change, ...(comment && { comment }) }));
        this.notice(`${verb} ${id}`);
      } catch (err) {
        firstError ??= err;
        this.notice(`Could not update ${id}: ${(err as Error).message}`);
      }
    }
    if (firstError) throw firstError;
    return done;
  }
}
