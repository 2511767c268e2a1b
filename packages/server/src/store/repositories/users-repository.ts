import { type Page, type User, type UserListQuery, UserSettings } from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { whereIdPrefix } from '../id-prefix.js';
import { bool, RoleModel, UserModel } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';
import { whereTextMatches } from '../text-search.js';

export interface UserRecord extends User {
  password_hash: string;
  permissions: string[];
}

export interface NewUserRow {
  id: string;
  username: string;
  display_name: string | null;
  email: string | null;
  password_hash: string;
  settings: UserSettings;
  created_at: string;
}

const SORT = { column: 'created_at', direction: 'asc' } as const;

function toRecord(row: UserModel): UserRecord {
  const roles = row.roles ?? [];
  return {
    id: row.id,
    username: row.username,
    display_name: row.display_name,
    email: row.email,
    roles: roles.map((r) => r.name).sort(),
    disabled: bool(row.disabled),
    settings: UserSettings.parse(row.settings ?? {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_login_at: row.last_login_at,
    password_hash: row.password_hash,
    permissions: [...new Set(roles.flatMap((r) => r.permissions))].sort(),
  };
}

export function toUser(record: UserRecord): User {
  const { password_hash: _hash, permissions: _perms, ...user } = record;
  return user;
}

export class UsersRepository {
  async findById(db: DbOrTrx, id: string): Promise<UserRecord | undefined> {
    const row = await UserModel.query(db).findById(id).withGraphFetched('roles');
    return row ? toRecord(row) : undefined;
  }

  async findByUsername(db: DbOrTrx, username: string): Promise<UserRecord | undefined> {
    const row = await UserModel.query(db).findOne({ username_key: username.toLowerCase() }).withGraphFetched('roles');
    return row ? toRecord(row) : undefined;
  }

  async list(db: DbOrTrx, query: UserListQuery): Promise<Page<User>> {
    const q = UserModel.query(db).withGraphFetched('roles');
    if (query.disabled !== undefined) q.where('users.disabled', query.disabled);
    if (query.role) {
      q.whereExists(UserModel.relatedQuery('roles', db).where('roles.name', query.role));
    }
    if (query.q) whereTextMatches(q, db, ['users.username', 'users.display_name', 'users.email'], query.q);
    if (query.username) q.where('users.username_key', query.username.toLowerCase());
    if (query.id_prefix) whereIdPrefix(q, db, 'users.id', query.id_prefix);
    if (query.id) q.whereIn('users.id', query.id);
    const rows = await applyKeyset(q, SORT, query.limit, query.cursor, 'users');
    return toPage(rows, SORT, query.limit, (row) => toUser(toRecord(row)));
  }

  async insert(db: DbOrTrx, row: NewUserRow, roleIds: string[]): Promise<void> {
    await UserModel.query(db).insert({
      ...row,
      username_key: row.username.toLowerCase(),
      disabled: false,
      updated_at: row.created_at,
      last_login_at: null,
    });
    await this.setRoles(db, row.id, roleIds);
  }

  async update(db: DbOrTrx, id: string, patch: Partial<Omit<UserModel, 'roles'>>): Promise<void> {
    await UserModel.query(db).patch(patch).where('id', id);
  }

  async setRoles(db: DbOrTrx, userId: string, roleIds: string[]): Promise<void> {
    await db('user_roles').where('user_id', userId).delete();
    if (roleIds.length > 0) await db('user_roles').insert(roleIds.map((role_id) => ({ user_id: userId, role_id })));
  }

  async delete(db: DbOrTrx, id: string): Promise<number> {
    return UserModel.query(db).deleteById(id);
  }

  async count(db: DbOrTrx): Promise<number> {
    const row = (await db('users').count({ n: '*' }).first()) as { n: number | string };
    return Number(row.n);
  }

  /** Enabled users holding a role that grants everything: the ones who can still fix things. */
  async countActiveAdmins(db: DbOrTrx): Promise<number> {
    const rows = await RoleModel.query(db).select('roles.id', 'roles.permissions');
    const adminRoleIds = rows.filter((r) => r.permissions.includes('*')).map((r) => r.id);
    if (adminRoleIds.length === 0) return 0;
    const row = (await db('users')
      .countDistinct({ n: 'users.id' })
      .join('user_roles', 'user_roles.user_id', 'users.id')
      .whereIn('user_roles.role_id', adminRoleIds)
      .where('users.disabled', false)
      .first()) as { n: number | string };
    return Number(row.n);
  }
}
