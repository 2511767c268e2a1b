import { RuleToggleCommand, type RuleToggleResult } from '../../lib/rule-toggle-command.js';

export default class RulesEnable extends RuleToggleCommand<typeof RulesEnable> {
  static override summary = 'enable detection rules, by id or by set, status, level and tag';
  static override description =
    'Rules named by id (whole, the first 6+ characters, or the Sigma id), or every rule that --set, --status, --level and --tag select together (lists are any-of). Rules the engine refuses stay disabled. The pipeline runs the change within seconds.';
  static override usage = [
    '<%= command.id %> <rule-id>...',
    '<%= command.id %> [--set <name>] [--status <list>] [--level <list>] [--tag <list>]',
  ];
  static override examples = [
    '<%= config.bin %> <%= command.id %> 0b5b4f3e 9a1b2c3d',
    {
      description: 'The stable high and critical rules of a set',
      command: '<%= config.bin %> <%= command.id %> --set sigmahq --status stable --level high,critical',
    },
  ];

  async run(): Promise<RuleToggleResult> {
    return this.toggle(true);
  }
}
