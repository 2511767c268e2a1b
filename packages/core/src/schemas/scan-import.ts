import { z } from 'zod';
import { Id, PageQuery, Severity, Tag, Timestamp } from './common.js';
import { VulnStatus } from './vulnerability.js';

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

/** One finding in a preview: what it is, and the vulnerability it is (null for a new one). */
export const ScanImportPreviewItem = z
  .object({
    vulnerability_id: Id.nullable(),
    /** The vulnerability's status now; null for a new one. */
    status: VulnStatus.nullable(),
    title: z.string(),
    severity: Severity,
    location: z.string().nullable(),
    fingerprint: z.string(),
  })
  .meta({ id: 'ScanImportPreviewItem' });
export type ScanImportPreviewItem = z.infer<typeof ScanImportPreviewItem>;

/**
 * What an import would do, and nothing written: the counts an import would record and, up to
 * `PREVIEW_ITEMS` of each, the findings it would open, refresh, fix and reopen.
 */
export const ScanImportPreview = ScanImport.omit({ id: true, imported_by: true, created_at: true })
  .extend({
    dry_run: z.literal(true),
    changes: z.object({
      open: z.array(ScanImportPreviewItem),
      refresh: z.array(ScanImportPreviewItem),
      fix: z.array(ScanImportPreviewItem),
      reopen: z.array(ScanImportPreviewItem),
    }),
  })
  .meta({ id: 'ScanImportPreview' });
export type ScanImportPreview = z.infer<typeof ScanImportPreview>;

/** A preview lists this many findings of each kind at most; its counts are always complete. */
export const PREVIEW_ITEMS = 1000;

export const ScanImportListQuery = PageQuery.extend({ format: z.string().optional(), asset_id: Id.optional(), tag: Tag.optional() });
export type ScanImportListQuery = z.infer<typeof ScanImportListQuery>;
