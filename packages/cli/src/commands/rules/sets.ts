import type { RuleSet } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { listFlags } from '../../lib/list.js';
import type { Column } from '../../lib/output.js';

const setColumns: Column<RuleSet>[] = [
  { key: 'name', header: 'SET', get: (s) => s.name, fit: 'keep' },
  { key: 'version', header: 'VERSION', get: (s) => s.version, fit: 'keep' },
  { key: 'rules', header: 'RULES', get: (s) => s.rules, fit: 'keep' },
  { key: 'enabled', header: 'ENABLED', get: (s) => s.enabled, fit: 'keep' },
  { key: 'refused', header: 'REFUSED', get: (s) => s.refused, fit: 'keep' },
  { key: 'imported_at', header: 'IMPORTED', get: (s) => s.imported_at },
];

export default class RulesSets extends SecaiCommand<typeof RulesSets> {
  static override summary = 'list the imported rule sets: version, rules, enabled and refused ones';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static override flags = { columns: listFlags.columns, csv: listFlags.csv };

  async run(): Promise<RuleSet[]> {
    const [{ data }] = await Promise.all([this.client().rules.sets(), this.settings()]);
    await this.printRows(data, setColumns, {
      csv: this.flags.csv,
      columns: this.flags.columns,
      empty: 'No rule sets; import one with `secai rules import`.',
    });
    return data;
  }
}
