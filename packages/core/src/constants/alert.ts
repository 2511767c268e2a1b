export const ALERT_SORT_FIELDS = ['created_at', 'last_seen_at', 'severity', 'title'] as const;
