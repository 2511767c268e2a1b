import { Args, Flags } from '@oclif/core';
import { SEVERITIES } from '@secai/core/constants';
import type { DetectionRule } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { findRule } from '../../lib/rule-id.js';

/** `--severity rule`: no override, the rule's own level again. */
const RULE_LEVEL = 'rule';

export default class RulesUpdate extends SecaiCommand<typeof RulesUpdate> {
  static override summary = "override the severity a rule's alerts get, or go back to the rule's level";
  static override args = {
    rule: Args.string({ description: 'rule id, its first 6+ characters, or its Sigma id', required: true }),
  };
  static override examples = [
    { description: 'A noisy rule: its alerts are low from now on', command: '<%= config.bin %> <%= command.id %> 0b5b4f3e --severity low' },
    { description: "Back to the rule's own level", command: '<%= config.bin %> <%= command.id %> 0b5b4f3e --severity rule' },
  ];
  static override flags = {
    severity: Flags.option({
      options: [...SEVERITIES, RULE_LEVEL] as const,
      summary: `severity of its alerts, or "${RULE_LEVEL}" for the rule's own level`,
      required: true,
    })(),
  };
  static override flagForField = { level_override: '--severity' };

  async run(): Promise<DetectionRule> {
    const { args, flags } = await this.parse(RulesUpdate);
    const client = this.client();
    const rule = await findRule(client, args.rule);
    const updated = await client.rules.update(rule.id, { level_override: flags.severity === RULE_LEVEL ? null : flags.severity });
    this.notice(
      `${rule.title}: alerts are ${updated.severity}${updated.level_override ? ' (overridden)' : ` (the rule's level, ${updated.level ?? 'none'})`}.`,
    );
    return updated;
  }
}
