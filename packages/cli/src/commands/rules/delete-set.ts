import { Args, Flags } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';
import { confirmOrExit } from '../../lib/confirm.js';

export default class RulesDeleteSet extends SecaiCommand<typeof RulesDeleteSet> {
  static override summary = 'delete a rule set with its rules and their exceptions (their alerts stay)';
  static override args = { set: Args.string({ description: 'rule set name (secai rules sets lists them)', required: true }) };
  static override flags = { yes: Flags.boolean({ char: 'y', summary: 'do not ask for confirmation' }) };
  static override examples = ['<%= config.bin %> <%= command.id %> team-windows --yes'];

  async run(): Promise<{ rule_set: string; deleted: true }> {
    const { args } = await this.parse(RulesDeleteSet);
    const client = this.client();
    const set = (await client.rules.sets()).data.find((s) => s.name === args.set);
    const what = set ? `${set.rules} rule${set.rules === 1 ? '' : 's'}` : 'its rules';
    await confirmOrExit(this, `Delete rule set ${args.set} and ${what}, with their exceptions? Their alerts stay.`, this.flags.yes);
    await client.rules.deleteSet(args.set);
    this.notice(`Deleted rule set ${args.set} (${what})`);
    return { rule_set: args.set, deleted: true };
  }
}
