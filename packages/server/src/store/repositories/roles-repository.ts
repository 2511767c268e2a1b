import type { Page, Role } from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { bool, RoleModel } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';
import { forUpdate } from '../row-lock.js';

const SORT = { column: 'name', direction: 'asc' } as const;

function toRole(row: RoleModel): Role {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: row.permissions,
    builtin: bool(row.builtin),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export class RolesRepository {
  async list(db: DbOrTrx, limit: number, cursor?: string): Promise<Page<Role>> {
    const rows = await applyKeyset(RoleModel.query(db), SORT, limit, cursor);
    return toPage(rows, SORT, limit, toRole);
  }

  async findById(db: DbOrTrx, id: string): Promise<Role | undefined> {
    const row = await RoleModel.query(db).findById(id);
    return row && toRole(row);
  }

  /** Reads the role and locks it until the transaction ends (row-lock.ts): for read-modify-writes. */
  async lockById(trx: DbOrTrx, id: string): Promise<Role | undefined> {
    const row = await forUpdate(trx, RoleModel.query(trx).findById(id));
    return row && toRole(row);
  }

  /**
   * Locks every role row: changes that could leave no administrator (a demotion, a disabling, a
   * deletion) take it first and so run one at a time; two admins demoting each other cannot both
   * see the other still in place.
   */
  async lockAll(trx: DbOrTrx): Promise<void> {
    await forUpdate(trx, RoleModel.query(trx).select('id'));
  }

  async findByNames(db: DbOrTrx, names: string[]): Promise<Role[]> {
    const rows = await RoleModel.query(db).whereIn('name', names);
    return rows.map(toRole);
  }

  async insert(db: DbOrTrx, role: Role): Promise<void> {
    await RoleModel.query(db).insert({ ...role });
  }

  async update(db: DbOrTrx, id: string, patch: Partial<Pick<Role, 'description' | 'permissions' | 'updated_at'>>): Promise<void> {
    await RoleModel.query(db).patch(patch).where('id', id);
  }

  async delete(db: DbOrTrx, id: string): Promise<void> {
    await RoleModel.query(db).deleteById(id);
  }

  async countUsers(db: DbOrTrx, roleId: string): Promise<number> {
    const row = (await db('user_roles').where('role_id', roleId).count({ n: '*' }).first()) as { n: number | string };
    return Number(row.n);
  }
}
