import { Args, Flags } from '@oclif/core';
import { type AttackContext, attackContext } from '@secai/core/attack';
import type { DetectionRuleDetail } from '@secai/sdk';
import ansis from 'ansis';
import { SecaiCommand } from '../../lib/base-command.js';
import { formatTime, relativeTime, styleSeverity } from '../../lib/output.js';
import { findRule } from '../../lib/rule-id.js';

/** `rules show --json`: the rule as the API has it, with the ATT&CK names of its tags. */
export type RuleView = DetectionRuleDetail & { attack: AttackContext };

export default class RulesShow extends SecaiCommand<typeof RulesShow> {
  static override summary = 'show one detection rule: level, status, tags, ATT&CK techniques, exceptions';
  static override args = {
    id: Args.string({ description: 'rule id, its first 6+ characters as `rules list` shows it, or its Sigma id', required: true }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> 0b5b4f3e',
    { description: 'By Sigma id', command: '<%= config.bin %> <%= command.id %> 9ae01559-cf7e-4f8e-8e14-4c290a1b4784' },
    { description: 'Its YAML, to edit it', command: '<%= config.bin %> <%= command.id %> 0b5b4f3e --yaml > rule.yml' },
  ];
  static override flags = {
    yaml: Flags.boolean({ summary: 'print only the rule as imported, in YAML', exclusive: ['json'] }),
  };

  async run(): Promise<RuleView> {
    const { args } = await this.parse(RulesShow);
    const [rule] = await Promise.all([findRule(this.client(), args.id), this.settings()]);
    const view: RuleView = { ...rule, attack: attackContext(rule.tags) };
    if (this.flags.yaml) process.stdout.write(rule.yaml.endsWith('\n') ? rule.yaml : `${rule.yaml}\n`);
    else if (!this.jsonEnabled()) this.log(describeRule(view));
    return view;
  }
}

/** The rule as a block of labelled lines. */
function describeRule(rule: RuleView): string {
  const list = (items: readonly string[]) => (items.length ? items.join(', ') : '-');
  const level = rule.level_override
    ? `${styleSeverity(rule.level_override, rule.severity)} (overridden; the rule says ${rule.level ?? 'nothing'})`
    : styleSeverity(rule.level ?? '-', rule.severity);
  const logsource = rule.logsource
    ? Object.entries(rule.logsource)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : '-';
  const lines = [
    `${styleSeverity(rule.severity.toUpperCase(), rule.severity)}  ${ansis.bold(rule.title)}`,
    `  id:          ${rule.id}`,
    `  sigma id:    ${rule.sigma_id ?? '-'}`,
    `  rule set:    ${rule.rule_set} (changed in version ${rule.version})`,
    `  file:        ${rule.path}`,
    `  kind:        ${rule.kind}`,
    `  status:      ${rule.status ?? '-'}`,
    `  level:       ${level}`,
    `  enabled:     ${rule.refused ? 'no: the engine refuses it' : rule.enabled ? 'yes' : 'no'}`,
    ...(rule.refused ? [`  refused:     ${rule.refused}`] : []),
    `  author:      ${rule.author ?? '-'}`,
    `  logsource:   ${logsource}`,
    `  tags:        ${list(rule.tags)}`,
    `  techniques:  ${list([
      ...rule.attack.techniques.map((t) => `${t.id} ${t.name}`),
      // Ids this ATT&CK version does not name (a newer one's) are still shown.
      ...rule.attack.technique_ids.filter((id) => !rule.attack.techniques.some((t) => t.id === id)),
    ])}`,
    `  tactics:     ${list(rule.attack.tactics.map((t) => `${t.id} ${t.name}`))}`,
    `  updated:     ${relativeTime(rule.updated_at)} (${formatTime(rule.updated_at)})`,
  ];
  if (rule.description) lines.push('', rule.description.trim().replace(/^/gm, '  '));
  if (rule.falsepositives.length) lines.push('', '  false positives:', ...rule.falsepositives.map((f) => `    - ${f}`));
  if (rule.references.length) lines.push('', '  references:', ...rule.references.map((r) => `    - ${r}`));
  lines.push('', rule.exceptions.length ? '  exceptions:' : '  exceptions:  none');
  for (const e of rule.exceptions) {
    const match = Object.entries(e.match)
      .map(([field, values]) => `${field}=${values.join('|')}`)
      .join(' and ');
    const expired = e.expires_at !== null && Date.parse(e.expires_at) <= Date.now();
    const expires = e.expires_at ? `${expired ? 'expired' : 'expires'} ${relativeTime(e.expires_at)}` : 'never expires';
    lines.push(`    ${e.id}  ${match}`, `      ${e.reason} (${e.owner}; ${expires})`);
  }
  return lines.join('\n');
}
