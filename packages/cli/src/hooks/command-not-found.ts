import type { Hook } from '@oclif/core';
import { errorJson } from '../lib/base-command.js';
import { cliError } from '../lib/cli-error.js';
import { closest } from '../lib/did-you-mean.js';
import { EXIT } from '../lib/exit-codes.js';

/**
 * `secai alerts lsit`: names the mistake and the likely command, like gh's "unknown command",
 * instead of oclif's bare "command not found".
 */
const hook: Hook.CommandNotFound = async function (options) {
  const typed = options.id.replaceAll(':', ' ');
  const ids = options.config.commandIDs.filter((id) => !id.startsWith('autocomplete'));
  const topics = [...new Set(ids.filter((id) => id.includes(':')).map((id) => id.split(':')[0] as string))];
  const [topic] = options.id.split(':');
  // A known topic with a mistyped verb, then any command, then a topic alone.
  const guess =
    (topic && topics.includes(topic)
      ? closest(
          options.id,
          ids.filter((id) => id.startsWith(`${topic}:`)),
        )
      : undefined) ??
    closest(options.id, ids) ??
    (topic ? closest(topic, topics) : undefined);
  const hint = guess ? `Did you mean \`secai ${guess.replaceAll(':', ' ')}\`?` : 'Run `secai --help` for the commands.';
  const err = cliError(`Unknown command "${typed}". ${hint}`, { exit: EXIT.USAGE, code: 'COMMAND_UNKNOWN' });
  // With --json a script reads the error on stdout, as it does every other command's.
  if (options.argv?.includes('--json')) {
    this.log(JSON.stringify(errorJson(err), null, 2));
    this.exit(EXIT.USAGE);
  }
  throw err;
};

export default hook;
