import { randomBytes } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';

/** What the file collector remembers of one file, under its `dev:ino` key. */
export interface FileMark {
  /** Where it was last seen (for people reading the state file; the key is the identity). */
  path: string;
  /** Bytes up to which every record is accepted by the intake. */
  offset: number;
  /** Random per file and per truncation: with the offset it names a record (its id). */
  nonce: string;
  /**
   * The file's first bytes as accepted (hex, up to HEAD_BYTES): a file truncated and written
   * past its old offset between two looks, or while the server was down, starts differently.
   */
  head?: string;
}

/** How many of a file's first bytes identify its content. */
export const HEAD_BYTES = 64;

export const newNonce = (): string => randomBytes(8).toString('hex');

/** Reads the state file; a missing one is an empty state (every file starts at its beginning). */
export async function loadMarks(statePath: string): Promise<Map<string, FileMark>> {
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  const parsed = JSON.parse(text) as { version?: number; files?: Record<string, FileMark> };
  return new Map(Object.entries(parsed.files ?? {}));
}

/**
 * Writes the state whole to a temporary file, syncs it, then renames it over the old one: a
 * crash leaves either the old state or the new, never half of one (rename is atomic on POSIX).
 */
export async function saveMarks(statePath: string, marks: ReadonlyMap<string, FileMark>): Promise<void> {
  const tmp = `${statePath}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(JSON.stringify({ version: 1, files: Object.fromEntries(marks) }));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, statePath);
}
