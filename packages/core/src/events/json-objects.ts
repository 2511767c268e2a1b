/** One JSON object found in a text, with the 1-based line it starts on. */
export interface JsonObjectText {
  text: string;
  line: number;
}

/**
 * The top-level JSON objects of a text, whatever lies between them: one per line (NDJSON),
 * pretty-printed one after another (evtx_dump, the Sigma regression events), or the elements of
 * a list. Only braces outside strings count; what does not parse is left to the caller.
 */
export function jsonObjects(text: string): JsonObjectText[] {
  const objects: JsonObjectText[] = [];
  let depth = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"' && depth > 0) {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') line++;
      }
    } else if (c === '{' && depth++ === 0) {
      start = i;
      startLine = line;
    } else if (c === '}' && depth > 0 && --depth === 0) objects.push({ text: text.slice(start, i + 1), line: startLine });
  }
  return objects;
}
