import { Args, Flags } from '@oclif/core';
import { ValidationError } from '@secai/core/errors';
import type { RuleException } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { findRule } from '../../lib/rule-id.js';

/** Units `--expires` takes: `12h`, `30d`, `2w`. */
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
const DURATION = /^(\d+)\s*([mhdw])$/;

/**
 * An `--expires` value as the API takes it (ISO-8601): a duration from now (`30d`, `12h`, `2w`),
 * or a date or time given as is.
 * @example expiryTime('30d', Date.parse('2026-01-01T00:00:00Z')) // '2026-01-31T00:00:00.000Z'
 */
export function expiryTime(value: string, now = Date.now()): string {
  const duration = DURATION.exec(value.trim());
  if (duration) return new Date(now + Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]).toISOString();
  if (/^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new ValidationError(
    `--expires: "${value}" is neither a duration (12h, 30d, 2w) nor an ISO-8601 date or time`,
    [{ code: 'invalid_format', path: ['--expires'], message: 'not a duration or time' }],
    'VALIDATION_FAILED',
  );
}

export default class RulesExcept extends SecaiCommand<typeof RulesExcept> {
  static override summary = 'silence a detection rule for some hosts, users or field values';
  static override description =
    "Adds an exception: the rule stays silent on an event that matches every field given (any of the values of a field given more than once), compared case-insensitively, with * as a wildcard. `secai rules show` lists a rule's exceptions; `secai rules unexcept` removes one.";
  static override args = {
    rule: Args.string({ description: 'rule id, its first 6+ characters, or its Sigma id', required: true }),
  };
  static override examples = [
    {
      description: 'The CI runners run this on purpose',
      command:
        '<%= config.bin %> <%= command.id %> 0b5b4f3e --host "build-*" --user svc_ci --reason "CI runners build with it" --expires 30d',
    },
    {
      description: 'One scanner address',
      command: '<%= config.bin %> <%= command.id %> 0b5b4f3e --field source.ip=10.0.0.5 --reason "vulnerability scanner"',
    },
  ];
  static override flags = {
    host: Flags.string({ summary: 'host name (host.name); repeat for several', helpValue: '<name>', multiple: true }),
    user: Flags.string({ summary: 'user name (user.name); repeat for several', helpValue: '<name>', multiple: true }),
    field: Flags.string({
      summary: 'any event field and value, e.g. source.ip=10.0.0.5; repeat for several',
      helpValue: '<field=value>',
      multiple: true,
    }),
    reason: Flags.string({ summary: 'why the rule may stay silent there', helpValue: '<text>', required: true }),
    expires: Flags.string({
      summary: 'when it stops: a duration (12h, 30d, 2w) or an ISO-8601 date; never by default',
      helpValue: '<when>',
    }),
    owner: Flags.string({ summary: 'who answers for it (default: you)', helpValue: '<username>' }),
  };

  async run(): Promise<RuleException> {
    const { args, flags } = await this.parse(RulesExcept);
    const match: Record<string, string[]> = {};
    const add = (field: string, value: string) => {
      match[field] = [...(match[field] ?? []), value];
    };
    for (const host of flags.host ?? []) add('host.name', host);
    for (const user of flags.user ?? []) add('user.name', user);
    for (const pair of flags.field ?? []) {
      const at = pair.indexOf('=');
      if (at <= 0 || at === pair.length - 1)
        this.error(`--field: "${pair}" is not field=value (e.g. source.ip=10.0.0.5)`, { exit: EXIT.USAGE, code: 'USAGE' });
      add(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    if (Object.keys(match).length === 0) {
      this.error('Say where the rule may stay silent: --host, --user or --field.', { exit: EXIT.USAGE, code: 'USAGE' });
    }
    const expires = flags.expires === undefined ? undefined : expiryTime(flags.expires);
    const client = this.client();
    const rule = await findRule(client, args.rule);
    const exception = await client.rules.addException(rule.id, {
      match,
      reason: flags.reason,
      ...(flags.owner && { owner: flags.owner }),
      ...(expires && { expires_at: expires }),
    });
    if (!this.jsonEnabled()) process.stdout.write(`${exception.id}\n`);
    const what = Object.entries(match)
      .map(([field, values]) => `${field}=${values.join('|')}`)
      .join(' and ');
    this.notice(`${rule.title} is silent where ${what}${exception.expires_at ? ` until ${exception.expires_at}` : ''}.`);
    return exception;
  }
}
