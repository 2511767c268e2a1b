/**
 * Aho-Corasick: every occurrence of many strings in a text, in one pass over it. Written here:
 * it is the rule set's prefilter, run on every event, and the automaton is a few dozen lines.
 */
export class Automaton {
  /** Per state, its transitions by UTF-16 code unit. */
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Per state, the patterns (by index) that end there, through failure links too. */
  private readonly out: number[][] = [[]];

  constructor(patterns: readonly string[]) {
    patterns.forEach((pattern, index) => {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        let to = this.next[state]?.get(c);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[state]?.set(c, to);
        }
        state = to;
      }
      this.out[state]?.push(index);
    });
    // Breadth first: a state's failure link is the longest proper suffix that is also a state.
    const queue = [...(this.next[0] as Map<number, number>).values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      for (const [c, to] of this.next[state] as Map<number, number>) {
        let f = this.fail[state] as number;
        while (f !== 0 && !this.next[f]?.has(c)) f = this.fail[f] as number;
        const link = this.next[f]?.get(c);
        this.fail[to] = link !== undefined && link !== to ? link : 0;
        const inherited = this.out[this.fail[to] as number] as number[];
        if (inherited.length > 0) (this.out[to] as number[]).push(...inherited);
        queue.push(to);
      }
    }
  }

  /** Calls `found` with the index of each pattern occurring in `text` (as often as it occurs). */
  scan(text: string, found: (pattern: number) => void): void {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let to = this.next[state]?.get(c);
      while (to === undefined && state !== 0) {
        state = this.fail[state] as number;
        to = this.next[state]?.get(c);
      }
      state = to ?? 0;
      const out = this.out[state] as number[];
      for (let k = 0; k < out.length; k++) found(out[k] as number);
    }
  }
}
