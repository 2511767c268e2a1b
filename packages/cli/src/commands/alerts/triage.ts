import { Flags } from '@oclif/core';
import { isAlertClosed, OPEN_ALERT_STATUSES } from '@secai/core/alert-status';
import { SEVERITIES } from '@secai/core/constants';
import type { Alert, AlertUpdateParams, Secai } from '@secai/sdk';
import inquirer from 'inquirer';
import { describeAlert } from '../../lib/alert-view.js';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { csvList } from '../../lib/list.js';
import type { NameLookup } from '../../lib/output.js';
import { resolveUser } from '../../lib/resolve.js';
import { lookupNames } from '../../lib/row-names.js';

/** Alerts one triage walks at most; more is a backlog to narrow with --min-severity or --assignee. */
const MAX_ALERTS = 5000;

type Action = 'ack' | 'investigate' | 'assign-me' | 'assign' | 'resolve' | 'false-positive' | 'comment' | 'url' | 'skip' | 'quit';

interface TriageSummary {
  reviewed: number;
  acknowledged: number;
  investigating: number;
  resolved: number;
  false_positive: number;
  assigned: number;
  commented: number;
  skipped: number;
}

/** Inquirer rejects with ExitPromptError on Ctrl-C; that means "stop", not failure. */
const isExitPrompt = (err: unknown) => (err as Error | undefined)?.name === 'ExitPromptError';

export default class AlertsTriage extends SecaiCommand<typeof AlertsTriage> {
  static override summary = 'work through open alerts one at a time, most severe and newest first';
  static override description =
    'Shows each alert and asks what to do: acknowledge, investigate, assign, resolve, mark as a false positive, comment, skip, or print its API URL. Needs a terminal; scripts use `secai alerts ack|assign|resolve`.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Only unassigned high and critical alerts',
      command: '<%= config.bin %> <%= command.id %> --assignee none --min-severity high',
    },
  ];
  static override flags = {
    status: Flags.string({
      summary: 'statuses to go through, comma-separated',
      default: OPEN_ALERT_STATUSES.join(','),
      helpValue: '<list>',
    }),
    'min-severity': Flags.option({
      options: SEVERITIES,
      summary: 'skip alerts below this severity',
    })(),
    assignee: Flags.string({ summary: 'username, "@me" or "none"', helpValue: '<who>' }),
  };

  async run(): Promise<TriageSummary> {
    if (!this.interactive) {
      this.error('alerts triage is interactive and needs a terminal.', {
        exit: EXIT.USAGE,
        suggestions: ['In scripts use `secai alerts list --json` with `secai alerts ack|assign|resolve`.'],
      });
    }
    const { flags } = this;
    const client = this.client();
    const me = await client.users.me();
    const summary: TriageSummary = {
      reviewed: 0,
      acknowledged: 0,
      investigating: 0,
      resolved: 0,
      false_positive: 0,
      assigned: 0,
      commented: 0,
      skipped: 0,
    };
    const assignee =
      flags.assignee === undefined || flags.assignee === 'none'
        ? flags.assignee
        : (await resolveUser(client, flags.assignee, { flag: '--assignee' })).id;
    const alerts = await client.alerts
      .list({
        status: csvList(flags.status),
        sort: '-severity',
        limit: 500,
        ...(flags['min-severity'] && { min_severity: flags['min-severity'] }),
        ...(assignee && { assignee_id: assignee }),
      })
      .toArray({ max: MAX_ALERTS });
    if (alerts.length === 0) {
      this.log('No alerts to triage.');
      return summary;
    }
    // Most severe first; within a severity, the newest first.
    const ordered = this.order(alerts);
    const names = await lookupNames(client, ordered, [
      { key: 'asset', header: '', get: (a) => a.asset_id, ref: 'asset' },
      { key: 'assignee', header: '', get: (a) => a.assignee_id, ref: 'user' },
    ]);
    const baseUrl = this.connection().url;
    await this.settings();
    try {
      for (const [i, alert] of ordered.entries()) {
        const position = `${i + 1}/${ordered.length}`;
        if (!(await this.triageOne(client, alert, { myId: me.id, baseUrl, names, position }, summary))) break;
      }
    } catch (err) {
      if (!isExitPrompt(err)) throw err;
      // Ctrl-C: the summary of what was done, then the shell's code for an interrupt.
      process.exitCode = EXIT.INTERRUPTED;
    }
    return this.finish(summary);
  }

  private order(alerts: Alert[]): Alert[] {
    return [...alerts].sort(
      (a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || b.last_seen_at.localeCompare(a.last_seen_at),
    );
  }

  /** Shows one alert and applies actions until one moves on; false means quit. */
  private async triageOne(
    client: Secai,
    initial: Alert,
    view: { myId: string; baseUrl: string; names: NameLookup; position: string },
    summary: TriageSummary,
  ): Promise<boolean> {
    const { myId, baseUrl, names, position } = view;
    let alert = initial;
    summary.reviewed++;
    for (;;) {
      const assignee = alert.assignee_id === myId ? 'you' : alert.assignee_id ? names.user?.get(alert.assignee_id) : undefined;
      const asset = alert.asset_id ? names.asset?.get(alert.asset_id) : undefined;
      this.log(`\n${describeAlert(alert, { assignee, asset, position })}\n`);
      const choices = [
        ...(alert.status === 'new' ? [{ name: 'Acknowledge', value: 'ack' }] : []),
        ...(alert.status !== 'investigating' ? [{ name: 'Start investigating', value: 'investigate' }] : []),
        ...(alert.assignee_id !== myId ? [{ name: 'Assign to me', value: 'assign-me' }] : []),
        { name: 'Assign to someone…', value: 'assign' },
        { name: 'Resolve', value: 'resolve' },
        { name: 'Mark as false positive', value: 'false-positive' },
        { name: 'Comment', value: 'comment' },
        { name: 'Show the API URL', value: 'url' },
        { name: 'Skip', value: 'skip' },
        { name: 'Quit', value: 'quit' },
      ];
      const { action } = (await inquirer.prompt([
        {
          type: 'select',
          name: 'action',
          message: 'What now?',
          // Every choice on screen at once: Skip and Quit must not hide below the fold.
          pageSize: choices.length,
          choices,
        },
      ])) as { action: Action };
      if (action === 'quit') return false;
      if (action === 'skip') {
        summary.skipped++;
        return true;
      }
      if (action === 'url') {
        this.log(`${baseUrl}/v1/alerts/${alert.id}`);
        continue;
      }
      if (action === 'comment') {
        const body = await this.ask('Comment');
        if (body) {
          await client.alerts.comment(alert.id, body);
          summary.commented++;
          this.log('Comment added.');
        }
        continue;
      }
      const change = await this.changeFor(client, action, myId, names);
      if (!change) continue;
      alert = await client.alerts.update(alert.id, change);
      if (change.assignee_id !== undefined) summary.assigned++;
      if (change.comment) summary.commented++;
      if (change.status === 'acknowledged') summary.acknowledged++;
      if (change.status === 'investigating') summary.investigating++;
      if (change.status === 'resolved') summary.resolved++;
      if (change.status === 'false_positive') summary.false_positive++;
      const who = alert.assignee_id === myId ? 'you' : alert.assignee_id ? (names.user?.get(alert.assignee_id) ?? alert.assignee_id) : '';
      this.log(`→ ${alert.status}${who ? `, assigned to ${who}` : ''}`);
      // Assigning or acknowledging keeps the alert on screen; closing it moves on.
      if (change.status && isAlertClosed(change.status)) return true;
    }
  }

  private async changeFor(
    client: Secai,
    action: Exclude<Action, 'quit' | 'skip' | 'url' | 'comment'>,
    myId: string,
    names: NameLookup,
  ): Promise<AlertUpdateParams | undefined> {
    if (action === 'ack') return { status: 'acknowledged' };
    if (action === 'investigate') return { status: 'investigating', assignee_id: myId };
    if (action === 'assign-me') return { assignee_id: myId };
    if (action === 'assign') {
      const name = await this.ask('Assign to (username)');
      if (!name) return undefined;
      try {
        const user = await resolveUser(client, name);
        names.user ??= new Map();
        names.user.set(user.id, user.username);
        return { assignee_id: user.id };
      } catch (err) {
        this.log((err as Error).message);
        return undefined;
      }
    }
    const comment = await this.ask(action === 'resolve' ? 'How was it resolved? (optional)' : 'Why is it a false positive? (optional)');
    return { status: action === 'resolve' ? 'resolved' : 'false_positive', ...(comment && { comment }) };
  }

  private async ask(message: string): Promise<string> {
    const { value } = (await inquirer.prompt([{ type: 'input', name: 'value', message }])) as { value: string };
    return value.trim();
  }

  private finish(summary: TriageSummary): TriageSummary {
    const parts = Object.entries(summary)
      .filter(([key, n]) => key !== 'reviewed' && n > 0)
      .map(([key, n]) => `${n} ${key.replace('_', ' ')}`);
    this.log(`\nReviewed ${summary.reviewed} alert${summary.reviewed === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}.`);
    return summary;
  }
}
