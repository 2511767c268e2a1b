import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { systemContext } from '../../services/context.js';
import type { EnrichmentService } from '../../services/enrichment-service.js';
import type { Db } from '../../store/database.js';
import type { SettingsRepository } from '../../store/repositories/index.js';

type Feed = 'kev' | 'epss';

/** What the last load read of a feed file, kept in `settings` so every instance shares it. */
interface FeedFileState {
  path: string;
  mtimeMs: number;
  size: number;
  sha256: string;
}

export type FeedReload = 'not_configured' | 'unchanged' | 'reloaded';

export interface FeedsReloadDeps {
  db: Db;
  settings: SettingsRepository;
  enrichment: Pick<EnrichmentService, 'loadKev' | 'loadEpss'>;
}

/**
 * Loads the configured KEV and EPSS files again when they changed since their last load here: a
 * file whose path, size and mtime are as recorded is not even read; one that was touched but
 * hashes the same is not loaded (loading re-prioritises every vulnerability).
 */
export async function reloadChangedFeeds(
  deps: FeedsReloadDeps,
  files: { kevFile?: string | undefined; epssFile?: string | undefined },
): Promise<Record<Feed, FeedReload>> {
  return {
    kev: files.kevFile ? await reloadIfChanged(deps, 'kev', files.kevFile) : 'not_configured',
    epss: files.epssFile ? await reloadIfChanged(deps, 'epss', files.epssFile) : 'not_configured',
  };
}

async function reloadIfChanged(deps: FeedsReloadDeps, feed: Feed, path: string): Promise<FeedReload> {
  const key = `feed-file:${feed}`;
  const stored = await deps.settings.get(deps.db, key);
  const last = stored ? (JSON.parse(stored) as FeedFileState) : null;
  const info = await stat(path);
  if (last && last.path === path && last.mtimeMs === info.mtimeMs && last.size === info.size) return 'unchanged';
  const text = await readFile(path, 'utf8');
  const state: FeedFileState = { path, mtimeMs: info.mtimeMs, size: info.size, sha256: createHash('sha256').update(text).digest('hex') };
  const changed = !last || last.path !== path || last.sha256 !== state.sha256;
  if (changed) {
    if (feed === 'kev') await deps.enrichment.loadKev(systemContext, text, path);
    else await deps.enrichment.loadEpss(systemContext, text, path);
  }
  // Recorded after the load: a load that failed (a half-written file) is tried again next time.
  await deps.settings.put(deps.db, key, JSON.stringify(state));
  return changed ? 'reloaded' : 'unchanged';
}
