import inquirer from 'inquirer';
import { readStdin } from './input-files.js';

/** Standard input as one secret: the whole of it, less one trailing newline (`echo "$PW" | …`). */
export async function readSecretFromStdin(): Promise<string> {
  return (await readStdin()).replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing. */
export async function promptSecret(message: string): Promise<string> {
  const { value } = (await inquirer.prompt([{ type: 'password', name: 'value', message, mask: '*' }])) as { value: string };
  return value;
}
