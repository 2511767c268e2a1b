export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
