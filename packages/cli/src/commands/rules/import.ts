import { stat } from 'node:fs/promises';
import { basename, relative, sep } from 'node:path';
import { Args, Flags, ux } from '@oclif/core';
import { ValidationError } from '@secai/core/errors';
import type { RuleImportResult } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { unreadableFile } from '../../lib/input-files.js';
import { readRuleFiles, topReasons } from '../../lib/rule-files.js';

export default class RulesImport extends SecaiCommand<typeof RulesImport> {
  static override strict = false;
  static override summary = 'import a rule set from Sigma rule files and folders';
  static override description =
    "The files given, and every .yml and .yaml under the folders given, are the whole rule set: rules missing from them are removed from the set, new ones are added (enabled unless deprecated or unsupported), and changed ones keep whether they are enabled, their level override and their exceptions. Rules are matched by Sigma id, else by their path, which is relative to the folder given. The set's version moves on when anything changed. A rule the engine cannot run is kept, disabled, with the reason.";
  static override usage = '<%= command.id %> <path>... --set <name>';
  static override args = { path: Args.string({ description: 'Sigma rule files or folders', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> rules/windows --set team-windows',
    {
      description: "SigmaHQ's rules, as a set of their own",
      command: '<%= config.bin %> <%= command.id %> sigma/rules sigma/rules-emerging-threats --set sigmahq',
    },
  ];
  static override flags = {
    set: Flags.string({ summary: 'rule set to import into (lowercase letters, digits, ., - and _)', helpValue: '<name>', required: true }),
  };
  static override flagForField = { rule_set: '--set', files: '' };

  async run(): Promise<RuleImportResult> {
    const paths = this.argList.filter(Boolean);
    const files: { path: string; content: string }[] = [];
    for (const given of paths) {
      const folder = (
        await stat(given).catch((err: unknown) => {
          throw unreadableFile(given, err);
        })
      ).isDirectory();
      if (!folder && !/\.ya?ml$/i.test(given)) {
        throw new ValidationError(
          `${given}: not a rule file (Sigma rules are .yml or .yaml)`,
          [{ code: 'not_yaml', path: [], message: 'not a .yml or .yaml file' }],
          'VALIDATION_FAILED',
        );
      }
      const read = await readRuleFiles([given]);
      if (folder && read.length === 0) {
        throw new ValidationError(
          `${given}: no .yml or .yaml files in this folder`,
          [{ code: 'empty', path: [], message: 'no rule files' }],
          'VALIDATION_FAILED',
        );
      }
      // The same rule file imported from another checkout keeps its path, so it is matched again.
      for (const f of read)
        files.push({ path: (folder ? relative(given, f.path) : basename(f.path)).split(sep).join('/'), content: f.text });
    }
    // A large set (SigmaHQ's 3,000 rules) takes seconds to compile and store: say what is going on.
    const spinner = process.stderr.isTTY && !this.jsonEnabled();
    if (spinner) ux.action.start(`Importing ${files.length} file${files.length === 1 ? '' : 's'} into ${this.flags.set}`);
    let result: RuleImportResult;
    try {
      result = await this.client().rules.import({ rule_set: this.flags.set, files });
    } finally {
      if (spinner) ux.action.stop();
    }
    await this.printRows(
      [result],
      [
        { key: 'rule_set', header: 'SET', get: (r) => r.rule_set },
        { key: 'version', header: 'VERSION', get: (r) => r.version },
        { key: 'added', header: 'ADDED', get: (r) => r.added },
        { key: 'changed', header: 'CHANGED', get: (r) => r.changed },
        { key: 'removed', header: 'REMOVED', get: (r) => r.removed },
        { key: 'unchanged', header: 'UNCHANGED', get: (r) => r.unchanged },
        { key: 'refused', header: 'REFUSED', get: (r) => r.refused.length },
      ],
      {},
    );
    const total = result.added + result.changed + result.unchanged;
    const moved = result.added + result.changed + result.removed > 0;
    const removed =
      result.removed > 0
        ? ` ${result.removed} rule${result.removed === 1 ? ' was' : 's were'} removed: the set held ${result.removed === 1 ? 'it' : 'them'} and the files given do not.`
        : '';
    this.notice(
      `${moved ? `Imported ${result.rule_set} version ${result.version}` : `${result.rule_set} is unchanged at version ${result.version}`}: ${total} rule${total === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'}.${removed}`,
    );
    if (result.refused.length > 0) {
      this.notice(
        `${result.refused.length} rule${result.refused.length === 1 ? ' is' : 's are'} kept disabled, as the engine cannot run ${result.refused.length === 1 ? 'it' : 'them'}: ${topReasons(result.refused)}. See \`secai rules list --set ${result.rule_set} --refused\`.`,
      );
    }
    return result;
  }
}
