/**
 * How long `run` takes, in ms: warmed up once, then the fastest of `runs`. A GC pause or another
 * process can slow one run; a backtracking scan is slow on every one, so a bound on the fastest
 * tells a parser's cost from the machine's noise.
 */
export function fastestMs(run: () => unknown, runs = 5): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
