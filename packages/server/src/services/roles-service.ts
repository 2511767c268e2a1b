import { BUILTIN_ROLES, ConflictError, NotFoundError, type Page, type Role, type RoleCreate, type RoleUpdate } from '@secai/core';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import { type DbOrTrx, inTransaction } from '../store/database.js';
import { assertHolds, type RequestContext, type ServiceDeps } from './context.js';

const GRANT_REFUSED = 'You cannot grant permissions you lack';

export class RolesService {
  constructor(private readonly deps: ServiceDeps) {}

  list(limit: number, cursor?: string): Promise<Page<Role>> {
    return this.deps.repos.roles.list(this.deps.db, limit, cursor);
  }

  async get(id: string, db: DbOrTrx = this.deps.db): Promise<Role> {
    const role = await this.deps.repos.roles.findById(db, id);
    if (!role) throw new NotFoundError('ROLE_NOT_FOUND', `No role with id ${id}`, { id });
    return role;
  }

  async create(ctx: RequestContext, input: RoleCreate): Promise<Role> {
    const { db, repos, audit } = this.deps;
    assertHolds(ctx, input.permissions, GRANT_REFUSED);
    return inTransaction(db, async (trx) => {
      if ((await repos.roles.findByNames(trx, [input.name])).length > 0) {
        throw new ConflictError('ROLE_EXISTS', `A role named ${input.name} exists`, { name: input.name });
      }
      const now = nowIso();
      const role: Role = {
        id: newId(),
        name: input.name,
        description: input.description ?? null,
        permissions: [...new Set(input.permissions)],
        builtin: false,
        created_at: now,
        updated_at: now,
      };
      await repos.roles.insert(trx, role);
      await audit.record(
        ctx,
        { action: 'role.create', targetType: 'role', targetId: role.id, details: { name: role.name, permissions: role.permissions } },
        trx,
      );
      return role;
    });
  }

  async update(ctx: RequestContext, id: string, input: RoleUpdate): Promise<Role> {
    const { db, repos, audit } = this.deps;
    const result = await inTransaction(db, async (trx) => {
      const role = this.assertCustom(await this.locked(id, trx));
      // Changing a role changes what its holders can do: the caller must hold what it grants now
      // (so roles:write cannot strip an admin-like role) and what it will grant.
      assertHolds(ctx, [...role.permissions, ...(input.permissions ?? [])], GRANT_REFUSED);
      await repos.roles.update(trx, id, {
        ...(input.description !== undefined && { description: input.description ?? null }),
        ...(input.permissions && { permissions: [...new Set(input.permissions)] }),
        updated_at: nowIso(),
      });
      await audit.record(ctx, { action: 'role.update', targetType: 'role', targetId: id, details: { ...input } }, trx);
      return this.get(id, trx);
    });
    await this.deps.actors.invalidate();
    return result;
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    await inTransaction(db, async (trx) => {
      const role = this.assertCustom(await this.locked(id, trx));
      assertHolds(ctx, role.permissions, GRANT_REFUSED);
      const holders = await repos.roles.countUsers(trx, id);
      if (holders > 0)
        throw new ConflictError('ROLE_IN_USE', `${holders} user(s) hold the role ${role.name}; take it from them first`, {
          users: holders,
        });
      await repos.roles.delete(trx, id);
      await audit.record(ctx, { action: 'role.delete', targetType: 'role', targetId: id, details: { name: role.name } }, trx);
    });
    await this.deps.actors.invalidate();
  }

  /** Creates the built-in roles that are missing and keeps their permissions current. */
  async ensureBuiltins(db: DbOrTrx = this.deps.db): Promise<void> {
    const existing = await this.deps.repos.roles.findByNames(
      db,
      BUILTIN_ROLES.map((r) => r.name),
    );
    const now = nowIso();
    for (const builtin of BUILTIN_ROLES) {
      const found = existing.find((r) => r.name === builtin.name);
      if (!found) {
        await this.deps.repos.roles.insert(db, {
          id: newId(),
          name: builtin.name,
          description: builtin.description,
          permissions: [...builtin.permissions],
          builtin: true,
          created_at: now,
          updated_at: now,
        });
      } else if (JSON.stringify(found.permissions) !== JSON.stringify(builtin.permissions)) {
        await this.deps.repos.roles.update(db, found.id, { permissions: [...builtin.permissions], updated_at: now });
      }
    }
  }

  /** The role, locked until the transaction ends: two edits of it run one after the other. */
  private async locked(id: string, trx: DbOrTrx): Promise<Role> {
    const role = await this.deps.repos.roles.lockById(trx, id);
    if (!role) throw new NotFoundError('ROLE_NOT_FOUND', `No role with id ${id}`, { id });
    return role;
  }

  private assertCustom(role: Role): Role {
    if (role.builtin)
      throw new ConflictError('ROLE_BUILTIN', `${role.name} is a built-in role and cannot be changed; create a custom role instead`);
    return role;
  }
}
