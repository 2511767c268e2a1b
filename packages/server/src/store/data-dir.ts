import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Makes the data dir private to the user secai runs as: the SQLite file holds the JWT signing key,
 * so a world-readable file makes any local user an admin. The dir becomes 0700 and each file in
 * it 0600; the database file is created 0600 before SQLite opens it, because SQLite gives its
 * `-wal` and `-shm` files the database file's mode. Returns what had to be tightened (an existing
 * install), for the log.
 */
export function secureDataDir(dir: string, databaseFile: string): string[] {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  closeSync(openSync(databaseFile, 'a', PRIVATE_FILE));
  const tightened: string[] = [];
  const tighten = (path: string, mode: number) => {
    if ((statSync(path).mode & 0o777 & ~mode) === 0) return;
    chmodSync(path, mode);
    tightened.push(path);
  };
  tighten(dir, PRIVATE_DIR);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) tighten(join(dir, entry.name), PRIVATE_FILE);
  }
  return tightened;
}
