import { pageOf, SCAN_FORMATS, ScanImport, ScanImportListQuery, ScanImportParams } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Scanner report uploads. */
export function importRoutes(api: ApiRouter, services: Services): void {
  api.route(
    {
      method: 'post',
      path: '/v1/imports',
      tag: 'imports',
      summary: 'import a scanner report',
      description: `Send the report file itself as the body (any content type). Formats: ${SCAN_FORMATS.join(', ')}; detected when \`format\` is omitted. Within one scope (format plus asset_id, group_id, tag or none) a re-import opens new findings, refreshes seen ones, fixes those no longer reported and reopens fixed ones that return; false positives and risk acceptances are kept.`,
      permission: 'vulns:write',
      query: ScanImportParams,
      rawBody: { limit: '200mb', description: 'The report file, as the scanner wrote it' },
      response: ScanImport,
      status: 201,
    },
    ({ query, body, ctx }) => services.scanImports.import(ctx, body as string, query),
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
