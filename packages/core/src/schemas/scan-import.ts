import { z } from 'zod';
import { Id, PageQuery, Tag, Timestamp } from './common.js';

/** Where a scan applies; findings missing from the next scan of the same scope are closed. */
export const ScanImportParams = z
  .object({
    format: z.string().max(32).optional(),
    file_name: z.string().max(300).optional(),
    asset_id: Id.optional(),
    group_id: Id.optional(),
    tag: Tag.optional(),
  })
  .refine((p) => [p.asset_id, p.group_id, p.tag].filter(Boolean).length <= 1, {
    message: 'give at most one of asset_id, group_id and tag',
    path: ['asset_id'],
  });
export type ScanImportParams = z.infer<typeof ScanImportParams>;

export const ScanImport = z
  .object({
    id: Id,
    format: z.string(),
    file_name: z.string().nullable(),
    file_sha256: z.string(),
    scope_key: z.string(),
    asset_id: Id.nullable(),
    group_id: Id.nullable(),
    tag: z.string().nullable(),
    findings: z.number().int(),
    new: z.number().int(),
    updated: z.number().int(),
    closed: z.number().int(),
    reopened: z.number().int(),
    /** Hosts a network scan (Nmap) reported, each now an asset. */
    hosts: z.number().int(),
    imported_by: z.string().nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'ScanImport' });
export type ScanImport = z.infer<typeof ScanImport>;

export const ScanImportListQuery = PageQuery.extend({ format: z.string().optional(), asset_id: Id.optional() });
export type ScanImportListQuery = z.infer<typeof ScanImportListQuery>;
