import { Command, Flags, type Interfaces } from '@oclif/core';
import { Secai } from '@secai/sdk';
import { EXIT, exitCodeFor, suggestionFor } from './exit-codes.js';
import { type Column, type OutputFormat, pickColumns, renderRows } from './output.js';
import { type Profile, Profiles } from './profiles.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof SecaiCommand)['baseFlags'] & T['flags']>;

export const DEFAULT_URL = 'http://127.0.0.1:7070';

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

  protected flags!: BaseFlags<T>;
  /** Positional arguments as given (for commands with `strict = false`). */
  protected argList: string[] = [];

  override async init(): Promise<void> {
    await super.init();
    const { flags, argv } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof SecaiCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    this.argList = argv as string[];
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

  /** Prints rows for people or pipes (skipped with --json, where run()'s value is printed). */
  protected printRows<R>(rows: R[], columns: Column<R>[], options: { csv?: boolean; columns?: string | undefined; empty?: string }): void {
    if (this.jsonEnabled()) return;
    let picked: Column<R>[];
    try {
      picked = pickColumns(columns, options.columns);
    } catch (err) {
      this.error((err as Error).message, { exit: EXIT.USAGE });
    }
    if (rows.length === 0 && options.empty) {
      if (this.stdoutIsTTY) this.logToStderr(options.empty);
      return;
    }
    const format: OutputFormat = options.csv ? 'csv' : this.stdoutIsTTY ? 'table' : 'tsv';
    process.stdout.write(renderRows(rows, picked, format, process.stdout.columns || 120));
  }

  /** Notices go to stderr, so stdout stays data. */
  protected notice(message: string): void {
    if (!this.jsonEnabled()) this.logToStderr(message);
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    if (err.oclif || err.exitCode !== undefined) return super.catch(err);
    const suggestion = suggestionFor(err);
    const code = (err as { code?: string }).code;
    const exit = exitCodeFor(err);
    // oclif reads `oclif.exit` when printing and `exitCode` in --json mode.
    return super.catch(
      Object.assign(new Error(err.message), {
        oclif: { exit },
        exitCode: exit,
        ...(code && { code }),
        ...(suggestion && { suggestions: [suggestion] }),
      }),
    );
  }

  /** With --json, errors are JSON on stdout too: `{"error": {"code", "message", "exit_code", "suggestions"}}`. */
  protected override toErrorJson(err: unknown): unknown {
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
}
