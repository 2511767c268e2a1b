import { randomBytes } from 'node:crypto';
import { newSecret } from '../_lib/ids.js';
import type { Db } from '../store/database.js';
import { SettingsRepository } from '../store/repositories/index.js';
import { systemContext } from './context.js';
import type { Services } from './index.js';

/**
 * The configured signing key, else the one kept in the database, created on first start. Kept
 * there, it survives restarts and is shared by every server on the same PostgreSQL.
 */
export function resolveJwtSecret(db: Db, configured: string | undefined): Promise<string> {
  return configured ? Promise.resolve(configured) : new SettingsRepository().getOrInsert(db, 'jwt_secret', newSecret(48));
}

/**
 * First-start duties: the built-in roles, and an admin on an empty database. Returns the admin
 * password when this start generated it, for the caller to print once.
 */
export async function bootstrap(services: Services, adminPassword: string | undefined): Promise<{ generatedAdminPassword: string | null }> {
  const { db, repos } = services.deps;
  await services.roles.ensureBuiltins();
  if ((await repos.users.count(db)) > 0) return { generatedAdminPassword: null };
  const password = adminPassword ?? randomBytes(18).toString('base64url');
  await services.users.create(systemContext, { username: 'admin', password, roles: ['admin'] });
  return { generatedAdminPassword: adminPassword ? null : password };
}
