import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** A high-entropy secret, base64url: tokens are looked up by hash, never stored in the clear. */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** SHA-256 is enough for 256-bit random secrets (no dictionary to attack), and it is indexable. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
