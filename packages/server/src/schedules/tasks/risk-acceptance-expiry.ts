import { type ServiceDeps, systemContext } from '../../services/context.js';
import { inTransaction } from '../../store/database.js';
import { stopIfAborted, type TaskContext } from './task-context.js';

/** Vulnerabilities reopened per transaction (each with its audit event). */
const EXPIRY_BATCH = 500;

/**
 * Reopens every vulnerability whose risk acceptance ended at or before `now`: status `open`, no
 * `risk_accepted_until`, one `vulnerability.update` audit event each (by the server, reason
 * `risk_acceptance_expired`). Imports also expire acceptances in their scope as they run; this
 * catches the vulnerabilities no import touches.
 */
export async function reopenExpiredRiskAcceptances(
  deps: Pick<ServiceDeps, 'db' | 'repos' | 'audit'>,
  now: Date,
  ctx?: TaskContext,
): Promise<{ reopened: number }> {
  const nowIso = now.toISOString();
  let reopened = 0;
  for (;;) {
    stopIfAborted(ctx);
    const n = await inTransaction(deps.db, async (trx) => {
      const expired = await deps.repos.vulnerabilities.expiredRiskAcceptances(trx, nowIso, EXPIRY_BATCH);
      for (const vuln of expired) {
        await deps.repos.vulnerabilities.update(trx, vuln.id, { status: 'open', risk_accepted_until: null, updated_at: nowIso });
        await deps.audit.record(
          systemContext,
          {
            action: 'vulnerability.update',
            targetType: 'vulnerability',
            targetId: vuln.id,
            details: {
              changed: ['status', 'risk_accepted_until'],
              from: 'risk_accepted',
              to: 'open',
              reason: 'risk_acceptance_expired',
              risk_accepted_until: vuln.risk_accepted_until,
            },
          },
          trx,
        );
      }
      return expired.length;
    });
    reopened += n;
    ctx?.progress(reopened, null, `reopened ${reopened} vulnerabilities`);
    if (n < EXPIRY_BATCH) break;
  }
  return { reopened };
}
