import inquirer from 'inquirer';

/** Standard input as one secret: the whole of it, less one trailing newline (`echo "$PW" | …`). */
export async function readSecretFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing. */
export async function promptSecret(message: string): Promise<string> {
  const { value } = (await inquirer.prompt([{ type: 'password', name: 'value', message, mask: '*' }])) as { value: string };
  return value;
}
