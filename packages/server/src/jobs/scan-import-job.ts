import { ScanImportParams } from '@secai/core';
import { z } from 'zod';
import type { RequestContext } from '../services/context.js';
import type { ScanImportsService } from '../services/scan-imports-service.js';
import { defineJob } from './definition.js';

/** Who asked for the import, kept with the job so the import is audited as theirs. */
const JobActor = z.object({
  userId: z.string(),
  username: z.string(),
  permissions: z.array(z.string()),
  method: z.enum(['jwt', 'token']),
  sessionId: z.string().nullable(),
  tokenId: z.string().nullable(),
  tokenExpiresAt: z.string().nullable(),
});

export const ScanImportJobPayload = z.object({
  /** The report file as uploaded. */
  report: z.string(),
  params: ScanImportParams,
  actor: JobActor.nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type ScanImportJobPayload = z.infer<typeof ScanImportJobPayload>;

export const SCAN_IMPORT_JOB = 'scan-import';

/** The payload of an asynchronous `POST /v1/imports?async=true`. */
export function scanImportPayload(ctx: RequestContext, report: string, params: ScanImportParams): ScanImportJobPayload {
  return { report, params, actor: ctx.actor, ip: ctx.ip, requestId: ctx.requestId };
}

/**
 * `POST /v1/imports?async=true`: the import runs as a job; its result is the ScanImport. A report
 * that is not of its format fails at once (a 4xx refusal is not retried); an import is one
 * transaction, so a retried attempt never half-imports.
 */
export function scanImportJob(scanImports: ScanImportsService) {
  return defineJob({
    name: SCAN_IMPORT_JOB,
    payload: ScanImportJobPayload,
    retries: 2,
    timeoutMs: 30 * 60_000,
    async handler(payload, job) {
      const ctx: RequestContext = { actor: payload.actor, ip: payload.ip, requestId: payload.requestId, userAgent: 'secai-job' };
      return scanImports.import(ctx, payload.report, payload.params, (done, total, message) => job.progress(done, total, message));
    },
  });
}
