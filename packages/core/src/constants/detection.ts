import type { SEVERITIES } from './severity.js';

/** A Sigma rule's `status`, from the most to the least trusted. */
export const SIGMA_STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;
/** A Sigma rule's `level`. */
export const SIGMA_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;

/** An alert's severity for a Sigma level (the scales match but for the first name). */
export function severityOfLevel(level: string | null | undefined): (typeof SEVERITIES)[number] {
  switch (level) {
    case 'low':
    case 'medium':
    case 'high':
    case 'critical':
      return level;
    case 'informational':
      return 'info';
    default:
      // SigmaHQ's own default for a rule without a level.
      return 'medium';
  }
}

/** Statuses whose rules an import leaves disabled: SigmaHQ marks them as not for production. */
export const STATUSES_DISABLED_ON_IMPORT: readonly string[] = ['deprecated', 'unsupported'];

/**
 * How long an open alert keeps gathering: a rule firing again on the same host within this time
 * of the alert's last event adds to it (events and a count) instead of opening another.
 */
export const ALERT_GROUP_WINDOW_MS = 60 * 60 * 1000;

/** Events an alert lists (the first ones); its count goes on past it, and the log store keeps them all. */
export const ALERT_EVENTS_KEPT = 20;

export const RULE_SORT_FIELDS = ['title', 'level', 'updated_at'] as const;
