import { Args, Flags } from '@oclif/core';
import { upperCaseOperatorWords } from '@secai/core/events';
import type { LogEvent } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { collect, csvList, listFlags } from '../../lib/list.js';
import { logColumns, searchColumns } from '../../lib/log-view.js';
import { sinceTime } from '../../lib/since.js';

export default class LogsSearch extends SecaiCommand<typeof LogsSearch> {
  static override summary = 'search stored events, newest first';
  static override description =
    'QUERY is in the query language (docs/query.md): field:value, field:"a phrase", wildcards, AND, OR, NOT, parentheses, comparisons (http.response.status_code>=500, @timestamp>now-1h) and free text. Without --since, every stored event is searched.';
  static override args = { query: Args.string({ description: 'the query; empty or omitted for every event', default: '' }) };
  static override examples = [
    {
      description: 'Failed logins as root in the last hour',
      command: `<%= config.bin %> <%= command.id %> 'user.name:root AND event.outcome:failure' --since 1h`,
    },
    {
      description: 'Server errors, with the fields you want',
      command: `<%= config.bin %> <%= command.id %> 'http.response.status_code>=500' --fields source.ip,url.path`,
    },
    {
      description: 'Free text, as JSON for jq',
      command: `<%= config.bin %> <%= command.id %> '"failed password"' --json | jq '.[].source.ip'`,
    },
  ];
  static override flags = {
    ...listFlags,
    since: Flags.string({ summary: 'at or after: a duration back (30m, 12h, 1d, 2w) or an ISO-8601 time', helpValue: '<when>' }),
    until: Flags.string({ summary: 'before: a duration back or an ISO-8601 time', helpValue: '<when>' }),
    fields: Flags.string({ summary: 'event fields to show as columns, comma-separated (e.g. user.name,source.ip)', helpValue: '<list>' }),
  };

  async run(): Promise<LogEvent[]> {
    const { flags } = this;
    const { args } = await this.parse(LogsSearch);
    const client = this.client();
    const params = {
      q: args.query,
      ...(flags.since && { from: sinceTime(flags.since) }),
      ...(flags.until && { to: sinceTime(flags.until, Date.now(), '--until') }),
    };
    const events = await collect((limit) => client.logs.search({ ...params, limit }), flags);
    const fields = csvList(flags.fields) ?? [];
    const columns = fields.length > 0 ? searchColumns(fields) : logColumns;
    await this.printRows(events, columns, { csv: flags.csv, columns: flags.columns, empty: 'No events match.' });
    // Only upper-case AND, OR and NOT are operators: a query that found nothing may have meant them.
    const meant = events.length === 0 ? upperCaseOperatorWords(args.query) : undefined;
    if (meant !== undefined) this.notice(`Lower-case and, or and not are words to search for; with operators the query is: ${meant}`);
    return events;
  }
}
