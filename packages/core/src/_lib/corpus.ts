import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shared corpus of real data (../shared/corpus beside the repository, or SECAI_CORPUS). Tests
 * that read it are skipped, never passed, where it is absent, as in a user's clone.
 */
export const CORPUS = process.env.SECAI_CORPUS ?? fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));
export const corpusAvailable = existsSync(CORPUS);
