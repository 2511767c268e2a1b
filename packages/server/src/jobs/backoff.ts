/** No retry waits longer than this, however many attempts came before. */
export const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * The wait before retry number `attempt` (1 after the first failure): `baseMs` doubled per
 * attempt, capped at MAX_BACKOFF_MS, with "equal jitter" (half fixed, half random) so jobs that
 * failed together do not retry together.
 *
 * @example retryDelayMs(3, 1000, () => 0) // 2000: 4000 ms halved, no jitter
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
