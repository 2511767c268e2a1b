import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type RuleSource, readDocuments } from '@secai/core/sigma';
import { unreadableFile } from './input-files.js';

/** A rule file's path and text. */
export interface RuleFile {
  path: string;
  text: string;
}

/** The Sigma rule files given, and every .yml and .yaml under a folder given (its subfolders too), in path order. */
export async function readRuleFiles(paths: readonly string[]): Promise<RuleFile[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((err: unknown) => {
      throw unreadableFile(path, err);
    });
    if (!info.isDirectory()) files.push(path);
    else {
      const found = await readdir(path, { recursive: true });
      files.push(
        ...found
          .filter((f) => /\.ya?ml$/i.test(f))
          .map((f) => join(path, f))
          .sort(),
      );
    }
  }
  return Promise.all(
    files.map(async (path) => ({
      path,
      text: await readFile(path, 'utf8').catch((err: unknown) => {
        throw unreadableFile(path, err);
      }),
    })),
  );
}

/** Every document of the files, keyed by its file: what the detector compiles. */
export function ruleSources(files: readonly RuleFile[]): RuleSource<string>[] {
  return files.flatMap((f) => readDocuments(f.text).map((document) => ({ key: f.path, document })));
}

/** Reasons named in a summary of refused rules; `--json` has every one. */
const TOP_REASONS = 3;

/** The commonest reasons rules were refused, with their counts: "2 × unknown modifier sideways". */
export function topReasons(refused: readonly { reason: string }[]): string {
  const counts = new Map<string, number>();
  for (const r of refused) {
    // The search, logsource or placeholder a reason names differs per rule; the reason itself is what repeats.
    const reason = r.reason
      .replace(/^search "[^"]+": /, '')
      .replace(/logsource \{.*\}:/, 'logsource:')
      .replace(/%[^%\s]+%/g, '%…%');
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP_REASONS);
  const rest = counts.size - top.length;
  return `${top.map(([reason, n]) => `${n} × ${reason}`).join('; ')}${rest > 0 ? `; and ${rest} other reason${rest === 1 ? '' : 's'}` : ''}`;
}
