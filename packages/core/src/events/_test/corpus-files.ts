// Readers of the corpus's own file layouts, for the tests that use it.

/** The JSON objects written one after another in `text` (not a list, not one per line). */
export function concatenatedObjects(text: string): string[] {
  const objects: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') for (i++; i < text.length && text[i] !== '"'; i++) i += text[i] === '\\' ? 1 : 0;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) objects.push(text.slice(start, i + 1));
  }
  return objects;
}

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
