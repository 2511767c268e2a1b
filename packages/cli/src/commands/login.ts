import { Flags } from '@oclif/core';
import { Secai } from '@secai/sdk';
import inquirer from 'inquirer';
import { DEFAULT_URL, SecaiCommand } from '../lib/base-command.js';
import { EXIT } from '../lib/exit-codes.js';
import { readSecretFromStdin } from '../lib/secret-input.js';

export default class Login extends SecaiCommand<typeof Login> {
  static override summary = 'log in to a secai server and save the login as a profile';
  static override description =
    'Asks for what it needs on a terminal (the password is never echoed). In scripts pass --username with --password-stdin, or --token with a personal API token. The login is saved with file mode 0600 in the config directory, under --profile.';

  static override examples = [
    { description: 'Log in interactively', command: '<%= config.bin %> <%= command.id %> --url http://127.0.0.1:7070' },
    {
      description: 'Log in from a script',
      command: 'echo "$PASSWORD" | <%= config.bin %> <%= command.id %> --username alice --password-stdin',
    },
    {
      description: 'Save a personal API token',
      command: '<%= config.bin %> <%= command.id %> --url https://secai.example.com --token secai_pat_…',
    },
  ];

  static override flags = {
    url: Flags.string({ summary: 'server URL', env: 'SECAI_URL', helpValue: '<url>' }),
    username: Flags.string({ char: 'u', summary: 'username', helpValue: '<name>' }),
    'password-stdin': Flags.boolean({ summary: 'read the password from standard input' }),
    token: Flags.string({
      summary: 'personal API token (secai_pat_…) to save instead of logging in',
      helpValue: '<token>',
      exclusive: ['username', 'password-stdin'],
    }),
  };

  async run(): Promise<{ url: string; username: string; profile: string }> {
    const { flags } = this;
    const interactive = this.interactive && !flags['password-stdin'];
    let url = flags.url ?? this.profiles.get(flags.profile)?.url;
    if (!url && interactive)
      url = (await inquirer.prompt([{ type: 'input', name: 'url', message: 'Server URL', default: DEFAULT_URL }])).url as string;
    url ??= DEFAULT_URL;

    if (flags.token) {
      const me = await new Secai({ baseUrl: url, token: flags.token }).users.me();
      this.profiles.set(flags.profile, { url, username: me.username, token: flags.token });
      this.notice(`Saved an API token for ${me.username} at ${url} as profile "${flags.profile}".`);
      return { url, username: me.username, profile: flags.profile };
    }

    let username = flags.username;
    if (!username && interactive)
      username = (await inquirer.prompt([{ type: 'input', name: 'username', message: 'Username' }])).username as string;
    let password: string | undefined;
    if (flags['password-stdin']) password = await readSecretFromStdin();
    else if (interactive)
      password = (await inquirer.prompt([{ type: 'password', name: 'password', message: 'Password', mask: '*' }])).password as string;
    if (!username || !password) {
      this.error('Give --username and --password-stdin (or --token) when not on a terminal.', {
        exit: EXIT.USAGE,
        code: 'MISSING_CREDENTIALS',
      });
    }

    let tokens = { token: '', refresh_token: '' };
    const client = await Secai.login({
      baseUrl: url,
      username,
      password,
      userAgent: `secai-cli/${this.config.version}`,
      onTokens: (pair) => {
        tokens = { token: pair.access_token, refresh_token: pair.refresh_token };
      },
    });
    const me = await client.users.me();
    this.profiles.set(flags.profile, { url, username: me.username, ...tokens });
    this.notice(`Logged in to ${url} as ${me.username} (${me.roles.join(', ')}).`);
    return { url, username: me.username, profile: flags.profile };
  }
}
