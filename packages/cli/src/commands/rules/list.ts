import { Flags } from '@oclif/core';
import { RULE_SORT_FIELDS, SIGMA_LEVELS, SIGMA_STATUSES } from '@secai/core/constants';
import type { DetectionRule, RuleListParams } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { collect, csvList, listFlags, sortChoices } from '../../lib/list.js';
import { type Column, styleSeverity } from '../../lib/output.js';

/** The level a rule's alerts get: an analyst's override, else the rule's own. */
const levelOf = (r: DetectionRule): string | null => r.level_override ?? r.level;

/** Every column `--columns` can pick; without it, the first seven are shown. */
const ruleColumns = (refusedOnly: boolean): Column<DetectionRule>[] => [
  { key: 'id', header: 'ID', get: (r) => r.id, id: true },
  { key: 'level', header: 'LEVEL', get: levelOf, style: (s, r) => styleSeverity(s, r.severity), fit: 'keep' },
  { key: 'status', header: 'STATUS', get: (r) => r.status },
  // A refused rule is disabled by the engine, not by a person: say so where enabled is read.
  { key: 'enabled', header: 'ENABLED', get: (r) => (r.refused ? 'refused' : r.enabled ? 'yes' : 'no'), fit: 'keep' },
  { key: 'title', header: 'TITLE', get: (r) => r.title, fit: 'text' },
  { key: 'rule_set', header: 'SET', get: (r) => r.rule_set, fit: 'keep' },
  { key: 'refused', header: 'WHY REFUSED', get: (r) => r.refused, fit: 'text', optional: !refusedOnly },
  { key: 'sigma_id', header: 'SIGMA ID', get: (r) => r.sigma_id },
  { key: 'path', header: 'FILE', get: (r) => r.path, fit: 'text' },
  { key: 'tags', header: 'TAGS', get: (r) => r.tags, fit: 'text' },
  { key: 'author', header: 'AUTHOR', get: (r) => r.author, fit: 'text' },
  { key: 'updated_at', header: 'UPDATED', get: (r) => r.updated_at },
];
/** The columns shown without `--columns`: the title keeps its room on a terminal. */
const DEFAULT_COLUMNS = 7;

export default class RulesList extends SecaiCommand<typeof RulesList> {
  static override summary = 'list detection rules: level, status, enabled or not, rule set';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --set sigmahq --level high,critical',
    { description: 'The rules the engine cannot run, and why', command: '<%= config.bin %> <%= command.id %> --refused' },
    {
      description: 'With their Sigma ids and files',
      command: '<%= config.bin %> <%= command.id %> --set team-windows --columns id,title,sigma_id,path',
    },
    {
      description: 'Enabled credential-access rules, for a script',
      command: '<%= config.bin %> <%= command.id %> --enabled --tag attack.credential-access --all --json',
    },
  ];

  static override flags = {
    ...listFlags,
    set: Flags.string({ summary: 'rule set name', helpValue: '<name>' }),
    status: Flags.string({ summary: `Sigma statuses, comma-separated (${SIGMA_STATUSES.join(',')})`, helpValue: '<list>' }),
    level: Flags.string({ summary: `Sigma levels, comma-separated (${SIGMA_LEVELS.join(',')})`, helpValue: '<list>' }),
    tag: Flags.string({ summary: 'tags, comma-separated, any of them (e.g. attack.t1059.001)', helpValue: '<list>' }),
    enabled: Flags.boolean({ summary: 'only enabled rules', exclusive: ['disabled'] }),
    disabled: Flags.boolean({ summary: 'only disabled rules (refused ones included)', exclusive: ['enabled'] }),
    refused: Flags.boolean({ summary: 'only the rules the engine cannot run, with why' }),
    search: Flags.string({ char: 'q', summary: 'text in the title or Sigma id', helpValue: '<text>' }),
    sort: Flags.option({ options: sortChoices(RULE_SORT_FIELDS), summary: 'sort order', default: 'title' })(),
  };
  static override flagForField = { rule_set: '--set', q: '--search', runnable: '--refused' };

  async run(): Promise<DetectionRule[]> {
    const { flags } = this;
    const client = this.client();
    const params: RuleListParams = {
      ...(flags.set && { rule_set: flags.set }),
      ...(flags.status && { status: csvList(flags.status) }),
      ...(flags.level && { level: csvList(flags.level) }),
      ...(flags.tag && { tag: csvList(flags.tag) }),
      ...(flags.enabled && { enabled: true }),
      ...(flags.disabled && { enabled: false }),
      ...(flags.refused && { runnable: false }),
      ...(flags.search && { q: flags.search }),
      sort: flags.sort,
    };
    const rules = await collect((limit) => client.rules.list({ ...params, limit }), flags);
    const columns = ruleColumns(flags.refused);
    await this.printRows(rules, flags.columns ? columns : columns.slice(0, DEFAULT_COLUMNS), {
      csv: flags.csv,
      columns: flags.columns,
      empty: 'No rules match.',
    });
    return rules;
  }
}
