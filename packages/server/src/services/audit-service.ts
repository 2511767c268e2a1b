import type { AuditEvent, AuditListQuery, Page } from '@secai/core';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import type { Db, DbOrTrx } from '../store/database.js';
import type { AuditRepository } from '../store/repositories/index.js';
import type { RequestContext } from './context.js';

export interface AuditEntry {
  action: string;
  outcome?: AuditEvent['outcome'];
  targetType?: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
  /** Names the actor when the context has none yet (a login). */
  actor?: { id: string | null; name: string | null };
}

/** Folded events kept at once; past it the oldest minute's entries go (a new event is then written anew). */
const MAX_FOLDS = 10_000;
/** How soon a folded event's count reaches the database after it changes. */
const FOLD_FLUSH_MS = 1_000;

interface Fold {
  id: string;
  count: number;
  details: Record<string, unknown>;
  flush: NodeJS.Timeout | null;
}

/** The audit log: every state change and every auth event, written in the change's transaction. */
export class AuditService {
  private readonly folds = new Map<string, Fold>();

  constructor(
    private readonly db: Db,
    private readonly repo: AuditRepository,
  ) {}

  /**
   * Records a refusal that an attacker can repeat at will (a forged token, a rate-limited login):
   * one event per source address, caller, action, reason and minute, whose `details.count` says how many
   * there were, so that a flood cannot fill the table.
   */
  async recordFolded(ctx: RequestContext, entry: AuditEntry & { details: { reason: string } }): Promise<void> {
    const minute = nowIso().slice(0, 16);
    const key = `${ctx.ip}|${ctx.actor?.userId ?? ''}|${entry.action}|${entry.details.reason}|${minute}`;
    const fold = this.folds.get(key);
    if (fold) {
      fold.count++;
      // A count that cannot be written (the database is down or closing) is a lost count, not a crash.
      fold.flush ??= setTimeout(() => this.flushFold(fold).catch(() => {}), FOLD_FLUSH_MS).unref();
      return;
    }
    if (this.folds.size >= MAX_FOLDS) this.dropOldFolds(minute);
    const id = newId();
    const details = { ...entry.details, count: 1 };
    this.folds.set(key, { id, count: 1, details, flush: null });
    try {
      await this.repo.insert(this.db, this.event(ctx, { ...entry, details }, id));
    } catch (err) {
      // Not written: the next refusal of its kind starts the event afresh.
      this.folds.delete(key);
      throw err;
    }
  }

  /** Writes every pending folded count now (tests, shutdown). */
  async flushFolds(): Promise<void> {
    await Promise.all([...this.folds.values()].filter((f) => f.flush).map((f) => this.flushFold(f)));
  }

  private async flushFold(fold: Fold): Promise<void> {
    if (fold.flush) clearTimeout(fold.flush);
    fold.flush = null;
    await this.repo.setDetails(this.db, fold.id, { ...fold.details, count: fold.count });
  }

  private dropOldFolds(minute: string): void {
    for (const [key, fold] of this.folds) {
      if (key.endsWith(`|${minute}`)) continue;
      if (fold.flush) this.flushFold(fold).catch(() => {});
      this.folds.delete(key);
    }
    if (this.folds.size >= MAX_FOLDS) this.folds.clear();
  }

  async record(ctx: RequestContext, entry: AuditEntry, db: DbOrTrx = this.db): Promise<void> {
    await this.repo.insert(db, this.event(ctx, entry, newId()));
  }

  private event(ctx: RequestContext, entry: AuditEntry, id: string): AuditEvent {
    return {
      id,
      at: nowIso(),
      actor_id: entry.actor?.id ?? ctx.actor?.userId ?? null,
      actor: entry.actor?.name ?? ctx.actor?.username ?? null,
      action: entry.action,
      outcome: entry.outcome ?? 'success',
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      ip: ctx.ip,
      request_id: ctx.requestId,
      details: entry.details ?? {},
    };
  }

  list(query: AuditListQuery): Promise<Page<AuditEvent>> {
    return this.repo.list(this.db, query);
  }
}
