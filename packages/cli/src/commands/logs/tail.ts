import { Args, Flags } from '@oclif/core';
import type { LogEvent } from '@secai/sdk';
import { field, tailLine } from '../../lib/log-view.js';
import { NdjsonCommand } from '../../lib/ndjson-command.js';
import { streamStatusLine } from '../../lib/stream-status.js';

export default class LogsTail extends NdjsonCommand<typeof LogsTail> {
  static override summary = 'show the last events, and with -f follow new ones as they are stored';
  static override description =
    'Prints the last -n events that QUERY matches, oldest first. With -f it then follows the live stream (WebSocket): each new matching event as it is stored, until Ctrl-C; a dropped connection is opened again by itself and resumes where it left off. With --json, one JSON event per line (NDJSON). For older events and larger ranges, use logs search.';
  static override args = { query: Args.string({ description: 'the query; empty or omitted for every event', default: '' }) };
  static override examples = [
    { description: 'Failed logins as they happen', command: `<%= config.bin %> <%= command.id %> -f 'event.outcome:failure'` },
    {
      description: 'One host, as NDJSON',
      command: `<%= config.bin %> <%= command.id %> -f 'host.hostname:web-01*' --json | jq .message`,
    },
    { description: 'The last 50 events of a source, then stop', command: '<%= config.bin %> <%= command.id %> -n 50 secai.source:nginx' },
  ];
  static override flags = {
    follow: Flags.boolean({ char: 'f', summary: 'keep following new events until Ctrl-C' }),
    lines: Flags.integer({ char: 'n', summary: 'how many of the latest events to show first', default: 10, min: 0, max: 1000 }),
    json: Flags.boolean({ summary: 'print each event as one line of JSON' }),
  };

  async run(): Promise<void> {
    const { flags } = this;
    const { args } = await this.parse(LogsTail);
    const client = this.client();
    const print = (event: LogEvent) => process.stdout.write(flags.json ? `${JSON.stringify(event)}\n` : tailLine(event));
    const latest = async () => (flags.lines === 0 ? [] : (await client.logs.search({ q: args.query, limit: flags.lines })).data.reverse());
    if (!flags.follow) {
      for (const event of await latest()) print(event);
      return;
    }
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    // Subscribed before the search, so that nothing stored in between is missed; what both
    // found is shown once.
    let connected!: () => void;
    const following = new Promise<void>((resolve) => {
      connected = resolve;
    });
    const stream = client.stream.events({
      ...(args.query && { query: args.query }),
      signal: stop.signal,
      onStatus: (status) => {
        if (status.state === 'connected') connected();
        if (!flags.json) process.stderr.write(streamStatusLine(status, 'events'));
      },
    });
    const shown = new Set<string>();
    const first = stream.next();
    await Promise.race([following, first]);
    for (const event of await latest()) {
      shown.add(idOf(event));
      print(event);
    }
    for (let next = await first; !next.done; next = await stream.next()) {
      if (shown.delete(idOf(next.value.data))) continue;
      print(next.value.data);
    }
  }
}

const idOf = (event: LogEvent) => String(field(event, 'event.id'));
