export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export const EXPOSURES = ['internet', 'internal'] as const;
export const ASSET_SORT_FIELDS = ['created_at', 'updated_at', 'criticality'] as const;
