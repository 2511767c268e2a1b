import { type ServiceDeps, systemContext } from '../../services/context.js';
import { DAY_MS, stopIfAborted, type TaskContext } from './task-context.js';

/**
 * Events deleted per statement: each delete is short (an index range on `at`), so writers of new
 * events wait at most that long, however many millions are due.
 */
const AUDIT_DELETE_BATCH = 1_000;

export interface AuditRetentionResult {
  deleted: number;
  /** Events older than this were deleted. */
  before: string;
}

/**
 * Deletes audit events older than `retentionDays` before `now`, in batches, and records that it
 * did (the record is itself an audit event, kept for the next period).
 */
export async function deleteOldAuditEvents(
  deps: Pick<ServiceDeps, 'db' | 'repos' | 'audit'>,
  retentionDays: number,
  now: Date,
  ctx?: TaskContext,
): Promise<AuditRetentionResult> {
  const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  let deleted = 0;
  for (;;) {
    stopIfAborted(ctx);
    const n = await deps.repos.audit.deleteOlderThan(deps.db, before, AUDIT_DELETE_BATCH);
    deleted += n;
    ctx?.progress(deleted, null, `deleted ${deleted} audit events`);
    if (n < AUDIT_DELETE_BATCH) break;
  }
  await deps.audit.record(systemContext, {
    action: 'audit.retention',
    targetType: 'audit',
    details: { deleted, before, retention_days: retentionDays },
  });
  return { deleted, before };
}
