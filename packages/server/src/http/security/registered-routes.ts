// The routes an Express app answers, read from its router (router 2.x `listRoutes()`), so the
// security tests cover every route there is rather than a list someone has to remember to extend.

/** The slice of router 2.x that lists routes; @types/express does not declare it yet. */
interface ListableRouter {
  listRoutes(): { path: string | RegExp; methods: string[] | undefined; router: ListableRouter | undefined }[];
}

export interface RegisteredRoute {
  /** Upper case, e.g. `GET`. */
  method: string;
  /** Express-style, e.g. `/v1/alerts/:id`. */
  path: string;
}

/** `GET /v1/alerts/:id`: how tests and their tables name a route. */
export const routeKey = (route: RegisteredRoute): string => `${route.method} ${route.path}`;

/**
 * Every method and path of the app, mounted routers included. The HEAD that Express adds to each
 * GET is left out (it answers as the GET does); static middleware (`/docs/assets`) is not a route.
 */
export function registeredRoutes(app: { router: unknown }): RegisteredRoute[] {
  const found: RegisteredRoute[] = [];
  const walk = (router: ListableRouter, prefix: string) => {
    for (const entry of router.listRoutes()) {
      if (typeof entry.path !== 'string') throw new Error(`a route with a RegExp path cannot be listed: ${entry.path}`);
      const path = joinPath(prefix, entry.path);
      if (entry.router) walk(entry.router, path);
      for (const method of entry.methods ?? []) {
        if (method === 'HEAD' || method === 'head') continue;
        found.push({ method: method.toUpperCase(), path });
      }
    }
  };
  walk(app.router as ListableRouter, '');
  return found;
}

function joinPath(prefix: string, path: string): string {
  if (path === '/') return prefix || '/';
  return `${prefix.replace(/\/$/, '')}${path}`;
}
