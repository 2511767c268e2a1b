import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type CompiledRule, compileRule, RuleRefused, readDocuments, type SigmaCorrelation } from '@secai/core/sigma';
import { unreadableFile } from './input-files.js';

/** A document from a rule file: a compiled rule, a correlation, or refused with why. */
export type LoadedRule = { file: string; title?: string; id?: string } & (
  | { compiled: CompiledRule }
  | { correlation: SigmaCorrelation }
  | { refused: string }
);

/** The Sigma rules in files and folders (every .yml and .yaml under a folder, its subfolders too), in path order. */
export async function loadRuleFiles(paths: readonly string[]): Promise<LoadedRule[]> {
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
  const loaded: LoadedRule[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((err: unknown) => {
      throw unreadableFile(file, err);
    });
    for (const doc of readDocuments(text)) {
      if (doc.kind === 'refused') loaded.push({ file, title: doc.title, id: doc.id, refused: doc.reason });
      else if (doc.kind === 'correlation')
        loaded.push({ file, title: doc.correlation.title, id: doc.correlation.id, correlation: doc.correlation });
      else {
        const { rule } = doc;
        try {
          loaded.push({ file, title: rule.title, id: rule.id, compiled: compileRule(rule) });
        } catch (err) {
          if (!(err instanceof RuleRefused)) throw err;
          loaded.push({ file, title: rule.title, id: rule.id, refused: err.message });
        }
      }
    }
  }
  // The engine counts hits of detection rules; a correlation over another correlation's hits is not run.
  const correlations = new Set(loaded.flatMap((r) => ('correlation' in r ? [r.correlation.id, r.correlation.name] : [])).filter(Boolean));
  return loaded.map((r) =>
    'correlation' in r && r.correlation.rules.some((ref) => correlations.has(ref))
      ? { file: r.file, title: r.title, id: r.id, refused: 'a correlation of correlations is not supported yet' }
      : r,
  );
}
