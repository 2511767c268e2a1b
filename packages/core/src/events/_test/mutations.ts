import fc from 'fast-check';

/** Line fragments for property tests: a format's special characters, or a few random code units. */
export const pieceOf = (specials: readonly string[]) => fc.oneof(fc.constantFrom(...specials), fc.string({ unit: 'binary', maxLength: 4 }));

/** One edit of a valid line: where, what (insert, delete, overwrite, repeat), and the fragment. */
export const editOf = (piece: fc.Arbitrary<string>) => fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), piece);

/** A valid line with edits applied: the near-misses a parser is most likely to trip on. */
export function mutate(seed: string, edits: [number, number, string][]): string {
  let line = seed;
  for (const [position, op, text] of edits) {
    const at = line.length === 0 ? 0 : position % line.length;
    if (op === 0) line = line.slice(0, at) + text + line.slice(at);
    else if (op === 1) line = line.slice(0, at) + line.slice(at + text.length + 1);
    else if (op === 2) line = line.slice(0, at) + text + line.slice(at + text.length);
    else line = line.slice(0, at) + line.slice(at, at + 8).repeat(3) + line.slice(at);
  }
  return line;
}
