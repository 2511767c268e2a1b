import { Me } from '@secai/core';
import type { Services } from '../../services/index.js';
import type { ApiRouter } from '../api-router.js';

/** The caller's own account: who they are, and what every user manages without users:write. */
export function meRoutes(api: ApiRouter, services: Services): void {
  api.route({ method: 'get', path: '/v1/me', tag: 'auth', summary: 'who am I', permission: 'authenticated', response: Me }, ({ ctx }) =>
    services.users.me(ctx),
  );
}
