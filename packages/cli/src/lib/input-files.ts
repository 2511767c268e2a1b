import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ValidationError } from '@secai/core/errors';

/** Standard input, whole, as text: the one reader for `-` and `--password-stdin`. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A file the CLI was given that it cannot read, in CLI terms: "no such file: trivy.json" with a
 * stable code and exit 2, not Node's `ENOENT: no such file or directory, open '…'`.
 */
export function unreadableFile(path: string, err: unknown): ValidationError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : undefined;
  return new ValidationError(
    why ? `${path}: ${why}` : `no such file: ${path}`,
    [{ code: 'unreadable', path: [], message: why ?? 'no such file' }],
    'FILE_NOT_FOUND',
  );
}

/** The text of a file, or of standard input for `-`. */
export async function readInputText(path: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw unreadableFile(path, err);
  }
}

/** The input's lines, streamed: a log file can be larger than memory. */
export async function inputLines(file: string): Promise<AsyncIterable<string>> {
  if (file === '-') return createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('readable', resolve);
    stream.once('error', (err) => reject(unreadableFile(file, err)));
  });
  return createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}
