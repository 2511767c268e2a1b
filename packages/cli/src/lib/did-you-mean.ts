/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two words. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The candidate a typo most likely meant, like gh's "did you mean": the closest within a third
 * of the word's length (at least 1, at most 3 edits), or undefined.
 * @example closest('sevrity', ['severity', 'status']) // 'severity'
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const allowed = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** `db` abbreviates `database`: same first letter, the rest in order. */
const abbreviates = (short: string, long: string): boolean => {
  if (short[0] !== long[0]) return false;
  let at = 0;
  for (const ch of short) {
    at = long.indexOf(ch, at) + 1;
    if (at === 0) return false;
  }
  return true;
};

/**
 * The flag a mistyped one most likely meant: a near spelling (`--sevrity`), else a flag the typo
 * starts with (`--expires-in-days` → `--expires-in`), else one it abbreviates word by word
 * (`--db-url` → `--database-url`).
 * @example closestFlag('--db-url', ['--database-url', '--data-dir']) // '--database-url'
 */
export function closestFlag(typo: string, flags: readonly string[]): string | undefined {
  const near = closest(typo, flags);
  if (near) return near;
  const longFlags = flags.filter((f) => f.startsWith('--'));
  const within = longFlags.filter((f) => typo.startsWith(`${f}-`)).sort((a, b) => b.length - a.length)[0];
  if (within) return within;
  const words = typo.replace(/^--/, '').split('-');
  return longFlags.find((f) => {
    const flagWords = f.replace(/^--/, '').split('-');
    return flagWords.length === words.length && words.every((w, i) => abbreviates(w, flagWords[i] as string));
  });
}
