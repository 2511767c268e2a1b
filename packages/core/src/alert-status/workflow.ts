import { ConflictError } from '../errors/secai-error.js';

export const ALERT_STATUSES = ['new', 'acknowledged', 'investigating', 'resolved', 'false_positive'] as const;
type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * The alert lifecycle. Closed alerts (resolved, false_positive) can only be reopened, which puts
 * them back to `acknowledged`: someone has looked at them before.
 */
const TRANSITIONS: Record<AlertStatus, readonly AlertStatus[]> = {
  new: ['acknowledged', 'investigating', 'resolved', 'false_positive'],
  acknowledged: ['investigating', 'resolved', 'false_positive'],
  investigating: ['acknowledged', 'resolved', 'false_positive'],
  resolved: ['acknowledged'],
  false_positive: ['acknowledged'],
};

export const OPEN_ALERT_STATUSES: readonly AlertStatus[] = ['new', 'acknowledged', 'investigating'];
export const CLOSED_ALERT_STATUSES: readonly AlertStatus[] = ['resolved', 'false_positive'];

export function isAlertClosed(status: AlertStatus): boolean {
  return CLOSED_ALERT_STATUSES.includes(status);
}

export function allowedAlertTransitions(from: AlertStatus): readonly AlertStatus[] {
  return TRANSITIONS[from];
}

/**
 * Throws a ConflictError (ALERT_TRANSITION_INVALID) naming the allowed next states.
 * @example assertAlertTransition('new', 'acknowledged') // ok
 */
export function assertAlertTransition(from: AlertStatus, to: AlertStatus): void {
  if (from === to) return;
  const allowed = TRANSITIONS[from];
  if (!allowed.includes(to)) {
    throw new ConflictError(
      'ALERT_TRANSITION_INVALID',
      `An alert cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.join(', ')}`,
      { from, to, allowed: [...allowed] },
    );
  }
}
