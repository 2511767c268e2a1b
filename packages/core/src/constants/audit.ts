export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
