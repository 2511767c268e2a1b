import inquirer from 'inquirer';
import { EXIT } from './exit-codes.js';

/**
 * Destructive commands ask on a terminal and need --yes otherwise, so a script never hangs on a
 * prompt nor deletes by accident.
 */
export async function confirmOrExit(
  cmd: { error(message: string, options: { exit: number }): never },
  question: string,
  yes: boolean,
): Promise<void> {
  if (yes) return;
  if (!(process.stdin.isTTY && process.stdout.isTTY))
    cmd.error('Refusing to delete without --yes when not on a terminal.', { exit: EXIT.USAGE });
  const { ok } = (await inquirer.prompt([{ type: 'confirm', name: 'ok', message: question, default: false }])) as { ok: boolean };
  if (!ok) cmd.error('Cancelled.', { exit: EXIT.FAILED });
}
