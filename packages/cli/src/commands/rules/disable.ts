import { RuleToggleCommand, type RuleToggleResult } from '../../lib/rule-toggle-command.js';

export default class RulesDisable extends RuleToggleCommand<typeof RulesDisable> {
  static override summary = 'disable detection rules, by id or by set, status, level and tag';
  static override description =
    'Rules named by id (whole, the first 6+ characters, or the Sigma id), or every rule that --set, --status, --level and --tag select together (lists are any-of). A disabled rule stays disabled when its set is imported again. The pipeline runs the change within seconds.';
  static override usage = [
    '<%= command.id %> <rule-id>...',
    '<%= command.id %> [--set <name>] [--status <list>] [--level <list>] [--tag <list>]',
  ];
  static override examples = [
    '<%= config.bin %> <%= command.id %> 0b5b4f3e',
    { description: 'Every experimental rule of a set', command: '<%= config.bin %> <%= command.id %> --set sigmahq --status experimental' },
    { description: 'Rules for one technique', command: '<%= config.bin %> <%= command.id %> --tag attack.t1059.001' },
  ];

  async run(): Promise<RuleToggleResult> {
    return this.toggle(false);
  }
}
