import {
  Job,
  PREVIEW_ITEMS,
  pageOf,
  SCAN_FORMATS,
  ScanImport,
  ScanImportListQuery,
  ScanImportParams,
  ScanImportPreview,
  ValidationError,
} from '@secai/core';
import { SCAN_IMPORT_JOB, scanImportPayload } from '../../jobs/scan-import-job.js';
import type { Services } from '../../services/index.js';
import { Accepted, type ApiRouter, IdParams } from '../api-router.js';

/** Scanner report uploads. */
export function importsRoutes(api: ApiRouter, services: Services): void {
  api.route(
    {
      method: 'post',
      path: '/v1/imports',
      tag: 'imports',
      summary: 'import a scanner report',
      description: `Send the report file itself as the body (any content type). Formats: ${SCAN_FORMATS.join(', ')}; detected when \`format\` is omitted. Within one scope (format plus asset_id, group_id, tag or none) a re-import opens new findings, refreshes seen ones, fixes those no longer reported and reopens fixed ones that return; false positives and risk acceptances are kept. A report that is not of the format (given or detected) is REPORT_INVALID and changes nothing; imports of one scope run one at a time. \`POST /v1/imports/preview\` shows what an import would do. With \`?async=true\` the import runs as a background job: the answer is 202 with the job and \`Location: /v1/jobs/{id}\`, and the job's \`result\` is the import once it succeeded.`,
      permission: 'vulns:write',
      query: ScanImportParams,
      rawBody: { limit: '200mb', description: 'The report file, as the scanner wrote it' },
      response: ScanImport,
      status: 201,
      accepted: { response: Job, description: 'With `async=true`: the import job, queued' },
    },
    async ({ query, body, ctx, req }) => {
      // A dry run asked of the importing route must not import: it is its own route.
      if (req.query.dry_run !== undefined) {
        throw new ValidationError('dry_run is not a parameter of POST /v1/imports; send the report to POST /v1/imports/preview', [
          { code: 'unrecognized_keys', path: ['dry_run'], message: 'use POST /v1/imports/preview' },
        ]);
      }
      const async = req.query.async;
      if (async !== undefined && async !== 'true' && async !== 'false') {
        throw new ValidationError('async is true or false', [{ code: 'invalid_value', path: ['async'], message: 'true or false' }]);
      }
      if (async === 'true') {
        // Not parsed here: reading a large report is the work the job is for. A report that is not
        // of its format fails the job at once with REPORT_INVALID (a refusal is never retried).
        const job = await services.jobs.enqueue(ctx, SCAN_IMPORT_JOB, scanImportPayload(ctx, body as string, query));
        return new Accepted(job, `/v1/jobs/${job.id}`);
      }
      return services.scanImports.import(ctx, body as string, query);
    },
  );
  api.route(
    {
      method: 'post',
      path: '/v1/imports/preview',
      tag: 'imports',
      summary: 'show what importing a report would do, writing nothing',
      description: `Takes what \`POST /v1/imports\` takes and answers what that import would open, refresh, fix and reopen (counts, and up to ${PREVIEW_ITEMS} findings of each), without writing anything: no finding, asset or import record. A report that is not of the format is REPORT_INVALID here too.`,
      permission: 'vulns:write',
      query: ScanImportParams,
      rawBody: { limit: '200mb', description: 'The report file, as the scanner wrote it' },
      response: ScanImportPreview,
    },
    ({ query, body }) => services.scanImports.preview(body as string, query),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/imports',
      tag: 'imports',
      summary: 'list report imports, newest first',
      permission: 'vulns:read',
      query: ScanImportListQuery,
      response: pageOf(ScanImport),
    },
    ({ query }) => services.scanImports.list(query),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/imports/:id',
      tag: 'imports',
      summary: 'get one import and its counts',
      permission: 'vulns:read',
      params: IdParams,
      response: ScanImport,
    },
    ({ params }) => services.scanImports.get(params.id),
  );
}
