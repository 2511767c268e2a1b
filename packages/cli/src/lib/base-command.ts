import { Command, Flags, type Interfaces } from '@oclif/core';
import { Secai, type UserSettings } from '@secai/sdk';
import { cliError } from './cli-error.js';
import { EXIT, exitCodeFor, messageFor, suggestionFor } from './exit-codes.js';
import { extentOf, footerFor } from './list.js';
import { type Column, type NameLookup, type OutputFormat, pickColumns, renderRows, setDisplayTimeZone } from './output.js';
import { assertNoUnknownFlags, parseErrorIn } from './parse-errors.js';
import { type Profile, Profiles } from './profiles.js';
import { lookupNames } from './row-names.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof SecaiCommand)['baseFlags'] & T['flags']>;

export const DEFAULT_URL = 'http://127.0.0.1:7070';
/** Personal API tokens start with this; access tokens are JWTs. */
const API_TOKEN_PREFIX = 'secai_pat_';

/** The width tables fit: the terminal's, or COLUMNS (as set by shells and tests), else 120. */
function terminalWidth(): number {
  return process.stdout.columns || Number(process.env.COLUMNS) || 120;
}

/**
 * What every command shares: `--json` (the value `run()` returns), the profile, an API client
 * from flags > environment > profile, and errors mapped to a message, a hint and an exit code.
 */
export abstract class SecaiCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    profile: Flags.string({
      summary: 'saved login to use',
      env: 'SECAI_PROFILE',
      default: 'default',
      helpGroup: 'GLOBAL',
      helpValue: '<name>',
    }),
  };

  /**
   * API field → flag, for fields whose flag is not their kebab-case name, so that a rejected
   * field is reported as the flag the user typed (`asset_id` → `--asset`).
   */
  static flagForField: Record<string, string> = {};

  protected flags!: BaseFlags<T>;
  /** Positional arguments as given (for commands with `strict = false`). */
  protected argList: string[] = [];
  private cachedSettings: Promise<UserSettings | undefined> | undefined;

  override async init(): Promise<void> {
    await super.init();
    assertNoUnknownFlags(this.argv, this.ctor);
    const { flags, argv } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof SecaiCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.argList = argv as string[];
    // List commands: without --limit, the user's page_size setting is the default.
    const listing = this.flags as { limit?: number; all?: boolean };
    if ('limit' in (this.ctor.flags ?? {}) && listing.limit === undefined && !listing.all) {
      const pageSize = (await this.settings())?.page_size;
      if (pageSize) listing.limit = pageSize;
    }
  }

  /**
   * The caller's settings (page_size, timezone…), read once per command; undefined when not
   * logged in or the server cannot tell. Reading them also sets the zone times are shown in.
   */
  protected settings(): Promise<UserSettings | undefined> {
    this.cachedSettings ??= (async () => {
      if (!this.connection().token) return undefined;
      try {
        const settings = await this.client().users.mySettings({ timeout: 5000 });
        setDisplayTimeZone(settings.timezone);
        return settings;
      } catch {
        // An older server, or a token without access: the defaults do.
        return undefined;
      }
    })();
    return this.cachedSettings;
  }

  protected get profiles(): Profiles {
    return new Profiles(this.config.configDir);
  }

  /** SECAI_URL and SECAI_TOKEN (for CI) beat the saved profile. */
  protected connection(): Profile {
    const saved = this.profiles.get(this.flags.profile);
    const url = process.env.SECAI_URL ?? saved?.url ?? DEFAULT_URL;
    const token = process.env.SECAI_TOKEN ?? saved?.token;
    const refresh = process.env.SECAI_TOKEN ? undefined : saved?.refresh_token;
    return {
      url,
      ...(saved?.username && { username: saved.username }),
      ...(token && { token }),
      ...(refresh && { refresh_token: refresh }),
    };
  }

  /** True when the command authenticates with a personal API token rather than a login. */
  private usesApiToken(): boolean {
    try {
      return Boolean(this.connection().token?.startsWith(API_TOKEN_PREFIX));
    } catch {
      return false;
    }
  }

  /** An API client that saves refreshed tokens back to the profile. */
  protected client(): Secai {
    const conn = this.connection();
    if (!conn.token) {
      this.error(`Not logged in to ${conn.url}.`, {
        exit: EXIT.AUTH,
        code: 'NOT_LOGGED_IN',
        suggestions: ['Run `secai login`, or set SECAI_TOKEN to a personal API token.'],
      });
    }
    return new Secai({
      baseUrl: conn.url,
      token: conn.token,
      ...(conn.refresh_token && { refreshToken: conn.refresh_token }),
      userAgent: `secai-cli/${this.config.version}`,
      onTokens: (pair) => {
        const saved = this.profiles.get(this.flags.profile);
        if (saved) this.profiles.set(this.flags.profile, { ...saved, token: pair.access_token, refresh_token: pair.refresh_token });
      },
    });
  }

  protected get stdoutIsTTY(): boolean {
    return Boolean(process.stdout.isTTY);
  }

  /** Prompts only on a terminal, never in scripts. */
  protected get interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY);
  }

  /**
   * Prints rows for people or pipes (skipped with --json, where run()'s value is printed). On a
   * terminal, ids of assets and users show as hostnames and usernames, the table fits the width,
   * and a cut-short list says so on stderr.
   */
  protected async printRows<R>(
    rows: R[],
    columns: Column<R>[],
    options: { csv?: boolean; columns?: string | undefined; empty?: string },
  ): Promise<void> {
    if (this.jsonEnabled()) return;
    let picked: Column<R>[];
    try {
      picked = pickColumns(columns, options.columns);
    } catch (err) {
      this.error((err as Error).message, { exit: EXIT.USAGE, code: 'COLUMN_UNKNOWN' });
    }
    if (rows.length === 0 && options.empty) {
      if (this.stdoutIsTTY) this.logToStderr(options.empty);
      return;
    }
    const format: OutputFormat = options.csv ? 'csv' : this.stdoutIsTTY ? 'table' : 'tsv';
    const names: NameLookup = format === 'table' ? await lookupNames(this.client(), rows, picked) : {};
    process.stdout.write(renderRows(rows, picked, format, terminalWidth(), names));
    const extent = extentOf(rows);
    if (extent && format === 'table' && process.stderr.isTTY) this.logToStderr(footerFor(extent));
  }

  /** Notices go to stderr, so stdout stays data. */
  protected notice(message: string): void {
    if (!this.jsonEnabled()) this.logToStderr(message);
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number }; code?: string }): Promise<unknown> {
    // `this.exit()`: not an error to print.
    if (err.code === 'EEXIT') return super.catch(err);
    // Ctrl-C at a prompt: stop quietly with the shell's code for an interrupt.
    if (err.name === 'ExitPromptError') {
      process.exitCode = EXIT.INTERRUPTED;
      return undefined;
    }
    // A mistyped flag or a missing argument: one line, the usage, a hint (not the whole help).
    const parseError = parseErrorIn(err, this.id ?? '', this.ctor);
    if (parseError) return super.catch(parseError);
    const flagFor = (this.ctor as typeof SecaiCommand).flagForField ?? {};
    const flagNames = Object.keys({ ...this.ctor.flags, ...(this.ctor as typeof SecaiCommand).baseFlags });
    const exit = err.oclif?.exit ?? err.exitCode ?? exitCodeFor(err);
    const suggestion = err.oclif ? undefined : suggestionFor(err, { apiToken: this.usesApiToken() });
    // A script's exit status is the `exit_code` it reads (cliError sets both alike).
    return super.catch(
      cliError(err.oclif ? err.message : messageFor(err, { flagFor, flagNames }), {
        exit,
        code: err.code,
        suggestions: suggestion ? [suggestion] : (err as { suggestions?: string[] }).suggestions,
      }),
    );
  }

  /** With --json, errors are JSON on stdout too: `{"error": {"code", "message", "exit_code", "suggestions"}}`. */
  protected override toErrorJson(err: unknown): unknown {
    return errorJson(err);
  }
}

/** The JSON form of an error; its `exit_code` is the status the process exits with. */
export function errorJson(err: unknown): { error: { code: string; message: string; exit_code: number; suggestions?: string[] } } {
  const e = err as { message?: string; code?: string; exitCode?: number; oclif?: { exit?: number }; suggestions?: string[] };
  return {
    error: {
      code: e.code ?? 'FAILED',
      message: e.message ?? String(err),
      exit_code: e.exitCode ?? e.oclif?.exit ?? EXIT.FAILED,
      ...(e.suggestions && { suggestions: e.suggestions }),
    },
  };
}
