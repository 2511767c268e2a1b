import { Args, Flags } from '@oclif/core';
import { tailLine } from '../../lib/log-view.js';
import { NdjsonCommand } from '../../lib/ndjson-command.js';
import { sinceTime } from '../../lib/since.js';

export default class LogsTail extends NdjsonCommand<typeof LogsTail> {
  static override summary = 'follow new events as they are stored';
  static override description =
    'Prints each new event that QUERY matches, oldest first, until Ctrl-C; with --json, one JSON event per line (NDJSON). It asks the server every --interval (a live stream comes with the WebSocket hub). Events are followed by their time: one stamped more than a minute before it arrives is not shown (logs search finds it).';
  static override args = { query: Args.string({ description: 'the query; empty or omitted for every event', default: '' }) };
  static override examples = [
    { description: 'Failed logins as they happen', command: `<%= config.bin %> <%= command.id %> 'event.outcome:failure'` },
    { description: 'One host, as NDJSON', command: `<%= config.bin %> <%= command.id %> 'host.name:web-01*' --json | jq .message` },
  ];
  static override flags = {
    json: Flags.boolean({ summary: 'print each event as one line of JSON' }),
    interval: Flags.integer({ summary: 'seconds between polls', default: 2, min: 1, max: 60, helpValue: '<s>' }),
    since: Flags.string({
      summary: 'start this far back instead of now: a duration (30m, 12h, 1d) or an ISO-8601 time',
      helpValue: '<when>',
    }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const { args } = await this.parse(LogsTail);
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    const events = this.client().logs.tail({
      q: args.query,
      intervalMs: flags.interval * 1000,
      backMs: flags.since ? Math.max(0, Date.now() - Date.parse(sinceTime(flags.since))) : 0,
      signal: stop.signal,
    });
    for await (const event of events) process.stdout.write(flags.json ? `${JSON.stringify(event)}\n` : tailLine(event));
  }
}
