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

/** The audit log: every state change and every auth event, written in the change's transaction. */
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly repo: AuditRepository,
  ) {}

  async record(ctx: RequestContext, entry: AuditEntry, db: DbOrTrx = this.db): Promise<void> {
    await this.repo.insert(db, {
      id: newId(),
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
    });
  }

  list(query: AuditListQuery): Promise<Page<AuditEvent>> {
    return this.repo.list(this.db, query);
  }
}
