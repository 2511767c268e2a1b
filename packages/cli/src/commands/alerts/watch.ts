import { Flags } from '@oclif/core';
import { SEVERITIES } from '@secai/core/constants';
import { alertLine } from '../../lib/alert-view.js';
import { NdjsonCommand } from '../../lib/ndjson-command.js';
import { streamStatusLine } from '../../lib/stream-status.js';

export default class AlertsWatch extends NdjsonCommand<typeof AlertsWatch> {
  static override summary = 'follow alerts as they are raised, until Ctrl-C';
  static override description =
    'Prints each alert as the server opens it, and again as it gathers more events (a detection rule firing again on the same host), from the live stream (WebSocket). A dropped connection is opened again by itself and resumes where it left off, so nothing is missed or shown twice. With --json, one JSON message per line (NDJSON): its cursor, its event (alert.opened, alert.updated) and the alert; --cursor resumes after a cursor a previous run printed.';
  static override examples = [
    { description: 'High and critical alerts as they come', command: '<%= config.bin %> <%= command.id %> --min-severity high' },
    { description: 'For a script: NDJSON, resumable', command: '<%= config.bin %> <%= command.id %> --json | jq -c .data.title' },
  ];
  static override flags = {
    'min-severity': Flags.option({ options: SEVERITIES, summary: 'this severity or worse' })(),
    json: Flags.boolean({ summary: 'print each message as one line of JSON, with its cursor' }),
    cursor: Flags.string({ summary: 'resume after this cursor (from an earlier --json line)', helpValue: '<cursor>' }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    const messages = this.client().stream.alerts({
      ...(flags['min-severity'] && { filter: { min_severity: flags['min-severity'] } }),
      ...(flags.cursor && { cursor: flags.cursor }),
      signal: stop.signal,
      onStatus: (status) => {
        if (!flags.json)
          process.stderr.write(streamStatusLine(status, `alerts${flags['min-severity'] ? ` (${flags['min-severity']} or worse)` : ''}`));
      },
    });
    for await (const message of messages) {
      process.stdout.write(flags.json ? `${JSON.stringify(message)}\n` : alertLine(message.event, message.data));
    }
  }
}
