// Readers of the corpus's own file layouts, for the tests that use it.
import { jsonObjects } from '../json-objects.js';

/** The JSON objects written one after another in `text` (not a list, not one per line). */
export const concatenatedObjects = (text: string): string[] => jsonObjects(text).map((o) => o.text);

/** A CSV line's cells (quoted cells with doubled quotes, as regression_index.csv has them). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  for (let i = 0; i <= line.length; i++) {
    let cell = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') cell += line[i++];
        else if (line[i] === '"') break;
        else cell += line[i];
      }
      i++;
    } else for (; i < line.length && line[i] !== ','; i++) cell += line[i];
    cells.push(cell);
  }
  return cells;
}
