import { Flags } from '@oclif/core';
import type { Collector } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { collectorColumns } from '../../lib/log-view.js';

export default class CollectorsList extends SecaiCommand<typeof CollectorsList> {
  static override summary = "show the server's log collectors and their counters";
  static override description =
    'received: accepted by the collector; parsed and unparsed: what the parsers made of them (unparsed lines are stored too); dropped: refused under load (UDP only: TCP and HTTP make the sender wait); stored: new in the log store; duplicates: already there by id (a batch sent again, the spool replayed after a restart), kept once. Counters start at zero when the server starts.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static override flags = {
    columns: Flags.string({ summary: 'columns to show, comma-separated', helpValue: '<names>' }),
    csv: Flags.boolean({ summary: 'print CSV instead of a table', exclusive: ['json'] }),
  };

  async run(): Promise<Collector[]> {
    const collectors = (await this.client().collectors.list()).data;
    await this.printRows(collectors, collectorColumns, { csv: this.flags.csv, columns: this.flags.columns, empty: 'No collectors.' });
    return collectors;
  }
}
