import { type Command, Flags } from '@oclif/core';
import { ValidationError } from '@secai/core/errors';
import type { DetectionRule, RuleBulkUpdateParams } from '@secai/sdk';
import { SecaiCommand } from './base-command.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { csvList } from './list.js';
import { findRule } from './rule-id.js';

/** What `rules enable` and `rules disable` return: how many rules changed, and which when named by id. */
export interface RuleToggleResult {
  updated: number;
  /** The rules named by id, as they are now (a selection by flags changes rules in bulk and lists none). */
  rules?: DetectionRule[];
}

/** The flags that select rules in bulk, as `rules list` names them. */
const SELECTION = ['set', 'status', 'level', 'tag'] as const;

/**
 * `secai rules enable|disable`: rules named by id (each reported), or every rule a selection of
 * --set, --status, --level and --tag picks, in one request. Never all rules by accident: one or
 * the other must be given.
 */
export abstract class RuleToggleCommand<T extends typeof Command> extends SecaiCommand<T> {
  static override strict = false;
  static override flags = {
    set: Flags.string({ summary: 'every rule of this rule set', helpValue: '<name>' }),
    status: Flags.string({ summary: 'rules of these Sigma statuses, comma-separated', helpValue: '<list>' }),
    level: Flags.string({ summary: 'rules of these Sigma levels, comma-separated', helpValue: '<list>' }),
    tag: Flags.string({ summary: 'rules with any of these tags, comma-separated', helpValue: '<list>' }),
  };
  static override flagForField = { rule_set: '--set' };

  protected async toggle(enabled: boolean): Promise<RuleToggleResult> {
    const verb = enabled ? 'Enabled' : 'Disabled';
    const flags = this.flags as Partial<Record<(typeof SELECTION)[number], string>>;
    const ids = this.argList.filter(Boolean);
    // An empty value (`--tag ""`) selects nothing: never every rule by a slip.
    const selected = SELECTION.filter((f) => csvList(flags[f])?.length);
    if (ids.length > 0 && selected.length > 0) {
      this.error(`Give rule ids or a selection (--${selected.join(', --')}), not both.`, { exit: EXIT.USAGE, code: 'USAGE' });
    }
    if (ids.length === 0 && selected.length === 0) {
      this.error('Give rule ids, or select rules with --set, --status, --level or --tag.', {
        exit: EXIT.USAGE,
        code: 'USAGE',
        suggestions: ['See the rules with `secai rules list`.'],
      });
    }
    if (ids.length === 0) {
      const filter: RuleBulkUpdateParams['filter'] = {
        ...(selected.includes('set') && { rule_set: flags.set?.trim() }),
        ...(selected.includes('status') && { status: csvList(flags.status) }),
        ...(selected.includes('level') && { level: csvList(flags.level) }),
        ...(selected.includes('tag') && { tag: csvList(flags.tag) }),
      };
      const { updated } = await this.client().rules.updateMany({ filter, enabled });
      const said = selected.map((f) => `${f} ${flags[f]}`);
      this.notice(
        `${verb} ${updated} rule${updated === 1 ? '' : 's'} (${said.join(', ')})${enabled ? '; refused rules stay disabled' : ''}.`,
      );
      return { updated };
    }
    return this.toggleEach(ids, enabled, verb);
  }

  /**
   * Each rule by id. One rule: its error is the command's. Several: each failure is reported on
   * its line and the command fails after trying all, saying how many failed.
   */
  private async toggleEach(ids: string[], enabled: boolean, verb: string): Promise<RuleToggleResult> {
    const client = this.client();
    const rules: DetectionRule[] = [];
    let updated = 0;
    let failed: { error: unknown; count: number } | undefined;
    for (const value of ids) {
      try {
        const rule = await findRule(client, value);
        const label = `${rule.id.slice(0, 8)}  ${rule.title}`;
        // The server refuses it too; said here in the rule's terms rather than the API field's.
        if (enabled && rule.refused) {
          throw new ValidationError(
            `${label} cannot be enabled: the engine does not run it (${rule.refused})`,
            [{ code: 'rule_refused', path: [], message: rule.refused }],
            'VALIDATION_FAILED',
          );
        }
        if (rule.enabled === enabled) {
          const { yaml: _y, description: _d, references: _r, falsepositives: _f, exceptions: _e, ...plain } = rule;
          rules.push(plain);
          this.notice(`Already ${verb.toLowerCase()}: ${label}`);
          continue;
        }
        rules.push(await client.rules.update(rule.id, { enabled }));
        updated++;
        this.notice(`${verb} ${label}`);
      } catch (err) {
        if (ids.length === 1) throw err;
        failed = { error: failed?.error ?? err, count: (failed?.count ?? 0) + 1 };
        this.notice(`Could not update ${value}: ${(err as Error).message}`);
      }
    }
    if (failed) {
      const { error, count } = failed;
      // The reasons are printed above; the error says only how many, so nothing is said twice.
      throw Object.assign(new Error(`${count} of ${ids.length} rules could not be updated`), {
        code: (error as { code?: string }).code ?? 'FAILED',
        oclif: { exit: exitCodeFor(error) },
        cause: error,
      });
    }
    return { updated, rules };
  }
}
