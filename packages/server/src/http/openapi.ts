import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An access token from POST /v1/auth/login, or a personal API token (secai_pat_…)',
  });
  // Core's schemas carry `.meta({ id })`; those become named components (#/components/schemas/Alert).
  return registry;
}

export function generateOpenApiDocument(registry: OpenAPIRegistry, version: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'secai API',
      version,
      description:
        'The REST API of `secai serve`. Lists page with `limit` and `cursor` and answer `{data, next_cursor}`; errors are RFC 9457 problem documents with a stable `code`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
  });
}

/** What an operationId is derived from: the route's declaration, nothing else. */
export interface OperationShape {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. `/v1/alerts/:id/comments`. */
  path: string;
  status?: number;
  response?: z.ZodType;
}

const VERSION_SEGMENT = /^v\d+$/;
const VERB_OF_METHOD = { patch: 'update', put: 'replace', delete: 'delete' } as const;

/** `asset-groups` → `assetGroups`: generators split operationIds on dots, not on hyphens. */
const camel = (segment: string) => segment.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** A list answers one page (`{data, next_cursor}`, core's `pageOf`); any other GET reads one thing. */
const isPage = (schema: z.ZodType | undefined) => schema instanceof z.ZodObject && 'next_cursor' in schema.shape;

/**
 * The stable operationId that client generators turn into method names: the path's resource
 * names (the version and the `:params` left out), then what the operation does.
 *   1. GET of a page → `list`, any other GET → `get` (`alerts.list`, `alerts.get`, `me.get`).
 *   2. PATCH → `update`, PUT → `replace`, DELETE → `delete`.
 *   3. A POST that answers 201, or to a top-level collection, creates: `alerts.comments.create`,
 *      `imports.create`. Any other POST is an action named by its last segment: `auth.login`,
 *      `assets.bulk`.
 * Renaming a path or changing a list into a single read renames the method in every generated
 * client: the OpenAPI test pins the ids.
 */
export function operationIdOf(route: OperationShape): string {
  const names = route.path
    .split('/')
    .filter((segment) => segment && !segment.startsWith(':') && !VERSION_SEGMENT.test(segment))
    .map(camel);
  if (route.method === 'get') return [...names, isPage(route.response) ? 'list' : 'get'].join('.');
  // A PATCH of a whole collection changes what a filter selects (PATCH /v1/rules).
  if (route.method === 'patch' && names.length === 1 && !/\/:\w+$/.test(route.path)) return `${names[0]}.updateMany`;
  if (route.method !== 'post') return [...names, VERB_OF_METHOD[route.method]].join('.');
  const createsInCollection = route.status === 201 || names.length === 1;
  return createsInCollection ? [...names, 'create'].join('.') : names.join('.');
}
