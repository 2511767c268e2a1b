import { Args, Flags } from '@oclif/core';
import type { User } from '@secai/sdk';
import inquirer from 'inquirer';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';

export default class UsersCreate extends SecaiCommand<typeof UsersCreate> {
  static override summary = 'create a user';
  static override description = 'The password is prompted for on a terminal, or read from standard input with --password-stdin.';
  static override args = { username: Args.string({ description: 'username', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> carol --role analyst',
    'echo "$PW" | <%= config.bin %> <%= command.id %> ci-bot --role viewer --password-stdin',
  ];
  static override flags = {
    role: Flags.string({ summary: 'role (repeat for several)', multiple: true, default: ['viewer'], helpValue: '<role>' }),
    name: Flags.string({ summary: 'display name', helpValue: '<text>' }),
    email: Flags.string({ summary: 'email address', helpValue: '<address>' }),
    'password-stdin': Flags.boolean({ summary: 'read the password from standard input' }),
  };

  async run(): Promise<User> {
    const { args } = await this.parse(UsersCreate);
    const { flags } = this;
    let password: string | undefined;
    if (flags['password-stdin']) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      password = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\r?\n$/, '');
    } else if (this.interactive) {
      password = (
        (await inquirer.prompt([{ type: 'password', name: 'p', message: `Password for ${args.username}`, mask: '*' }])) as { p: string }
      ).p;
    }
    if (!password) this.error('Give the password with --password-stdin when not on a terminal.', { exit: EXIT.USAGE });
    const user = await this.client().users.create({
      username: args.username,
      password,
      roles: flags.role,
      ...(flags.name && { display_name: flags.name }),
      ...(flags.email && { email: flags.email }),
    });
    this.notice(`Created user ${user.username} (${user.roles.join(', ')})`);
    return user;
  }
}
