import { Args, Flags } from '@oclif/core';
import type { LogStats } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { bar } from '../../lib/log-view.js';
import { sinceTime } from '../../lib/since.js';

export default class LogsStats extends SecaiCommand<typeof LogsStats> {
  static override summary = 'count matching events: top values of a field, or over time';
  static override description =
    'With --by, the most frequent values of a field among the events QUERY matches; with --interval, how many matched per interval (a histogram, the last 24 hours unless --since says otherwise).';
  static override args = { query: Args.string({ description: 'the query; empty or omitted for every event', default: '' }) };
  static override examples = [
    { description: 'Who fails to log in most', command: `<%= config.bin %> <%= command.id %> 'event.outcome:failure' --by source.ip` },
    { description: 'Events per host', command: '<%= config.bin %> <%= command.id %> --by host.name --limit 20' },
    {
      description: 'Web errors per hour today',
      command: `<%= config.bin %> <%= command.id %> 'http.response.status_code>=500' --interval 1h --since 1d`,
    },
  ];
  static override flags = {
    by: Flags.string({ summary: 'the field whose top values to count', helpValue: '<field>', exactlyOne: ['by', 'interval'] }),
    interval: Flags.string({ summary: 'histogram bucket: 30s, 5m, 1h, 1d', helpValue: '<width>', exactlyOne: ['by', 'interval'] }),
    limit: Flags.integer({ summary: 'top values to show (with --by; default 10)', min: 1, max: 1000, helpValue: '<n>' }),
    since: Flags.string({ summary: 'at or after: a duration back (30m, 12h, 1d, 2w) or an ISO-8601 time', helpValue: '<when>' }),
    until: Flags.string({ summary: 'before: a duration back or an ISO-8601 time', helpValue: '<when>' }),
    csv: Flags.boolean({ summary: 'print CSV instead of a table', exclusive: ['json'] }),
  };

  async run(): Promise<LogStats> {
    const { flags } = this;
    const { args } = await this.parse(LogsStats);
    const stats = await this.client().logs.stats({
      q: args.query,
      ...(flags.by && { by: flags.by }),
      ...(flags.interval && { interval: flags.interval }),
      ...(flags.limit && { limit: flags.limit }),
      ...(flags.since && { from: sinceTime(flags.since) }),
      ...(flags.until && { to: sinceTime(flags.until, Date.now(), '--until') }),
    });
    const rows = stats.values ?? stats.buckets?.map((b) => ({ value: b.start, count: b.count })) ?? [];
    const max = Math.max(0, ...rows.map((r) => r.count));
    const header = flags.by ? flags.by.toUpperCase() : 'FROM';
    await this.printRows(
      rows,
      [
        { key: 'value', header, get: (r) => r.value, fit: 'keep' },
        { key: 'count', header: 'COUNT', get: (r) => r.count },
        ...(this.stdoutIsTTY && !flags.csv ? [{ key: 'bar', header: '', get: (r: { count: number }) => bar(r.count, max) }] : []),
      ],
      { csv: flags.csv, empty: 'No events match.' },
    );
    this.notice(`${stats.total.toLocaleString('en')} matching events`);
    return stats;
  }
}
