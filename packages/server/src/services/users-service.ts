import {
  ConflictError,
  type MySettingsUpdate,
  NotFoundError,
  type Page,
  type PasswordChange,
  PermissionError,
  type User,
  type UserCreate,
  type UserListQuery,
  UserSettings,
  type UserUpdate,
  ValidationError,
} from '@secai/core';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import { type DbOrTrx, inTransaction } from '../store/database.js';
import { toUser } from '../store/repositories/index.js';
import { assertHolds, type RequestContext, type ServiceDeps } from './context.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';

export class UsersService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly throttle = new LoginThrottle(),
  ) {}

  list(query: UserListQuery): Promise<Page<User>> {
    return this.deps.repos.users.list(this.deps.db, query);
  }

  async get(id: string, db: DbOrTrx = this.deps.db): Promise<User> {
    const user = await this.deps.repos.users.findById(db, id);
    if (!user) throw new NotFoundError('USER_NOT_FOUND', `No user with id ${id}`, { id });
    return toUser(user);
  }

  /** The caller with their effective permissions. */
  async me(ctx: RequestContext) {
    const actor = ctx.actor as NonNullable<RequestContext['actor']>;
    const user = await this.get(actor.userId);
    return {
      ...user,
      permissions: actor.permissions,
      auth: { method: actor.method, session_id: actor.sessionId, token_id: actor.tokenId },
    };
  }

  async create(ctx: RequestContext, input: UserCreate): Promise<User> {
    const { db, repos, audit } = this.deps;
    const passwordHash = await hashPassword(input.password);
    return inTransaction(db, async (trx) => {
      if (await repos.users.findByUsername(trx, input.username)) {
        throw new ConflictError('USERNAME_TAKEN', `The username ${input.username} is taken`, { username: input.username });
      }
      const roleIds = await this.grantableRoleIds(ctx, trx, input.roles);
      const id = newId();
      await repos.users.insert(
        trx,
        {
          id,
          username: input.username,
          display_name: input.display_name ?? null,
          email: input.email ?? null,
          password_hash: passwordHash,
          settings: UserSettings.parse(input.settings ?? {}),
          created_at: nowIso(),
        },
        roleIds,
      );
      await audit.record(
        ctx,
        { action: 'user.create', targetType: 'user', targetId: id, details: { username: input.username, roles: input.roles } },
        trx,
      );
      return this.get(id, trx);
    });
  }

  async update(ctx: RequestContext, id: string, input: UserUpdate): Promise<User> {
    const { db, repos, audit } = this.deps;
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    const result = await inTransaction(db, async (trx) => {
      await repos.roles.lockAll(trx);
      const current = await this.manageable(ctx, id, trx);
      const now = nowIso();
      await repos.users.update(trx, id, {
        ...(input.display_name !== undefined && { display_name: input.display_name }),
        ...(input.email !== undefined && { email: input.email }),
        ...(input.disabled !== undefined && { disabled: input.disabled }),
        ...(input.settings && { settings: UserSettings.parse({ ...current.settings, ...input.settings }) }),
        ...(passwordHash && { password_hash: passwordHash }),
        updated_at: now,
      });
      if (input.roles) await repos.users.setRoles(trx, id, await this.grantableRoleIds(ctx, trx, input.roles));
      // A new password or a disabled account ends every session: whoever held one must log in again.
      if (passwordHash || input.disabled)
        await repos.sessions.revoke(trx, { userId: id }, passwordHash ? 'password_changed' : 'user_disabled', now);
      await this.assertAdminRemains(trx);
      const changed = Object.keys(input).map((k) => (k === 'password' ? 'password' : k));
      await audit.record(ctx, { action: 'user.update', targetType: 'user', targetId: id, details: { changed } }, trx);
      return this.get(id, trx);
    });
    await this.deps.actors.invalidate();
    return result;
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    await inTransaction(db, async (trx) => {
      await repos.roles.lockAll(trx);
      const user = await this.manageable(ctx, id, trx);
      await repos.users.delete(trx, id);
      await this.assertAdminRemains(trx);
      await audit.record(ctx, { action: 'user.delete', targetType: 'user', targetId: id, details: { username: user.username } }, trx);
    });
    await this.deps.actors.invalidate();
  }

  /**
   * A user the caller may change: one who holds nothing the caller lacks. Otherwise users:write
   * would reach an administrator's password, roles or account, and through them `*`.
   */
  private async manageable(ctx: RequestContext, id: string, db: DbOrTrx): Promise<User> {
    const record = await this.deps.repos.users.findById(db, id);
    if (!record) throw new NotFoundError('USER_NOT_FOUND', `No user with id ${id}`, { id });
    assertHolds(ctx, record.permissions, `${record.username} holds permissions you lack; ask an administrator`);
    return toUser(record);
  }

  /** The ids of the named roles, each of which may grant only what the caller holds. */
  private async grantableRoleIds(ctx: RequestContext, db: DbOrTrx, names: string[]): Promise<string[]> {
    const roles = await this.roles(db, names);
    assertHolds(
      ctx,
      roles.flatMap((r) => r.permissions),
      'You cannot give a role with permissions you lack',
    );
    return roles.map((r) => r.id);
  }

  private async roles(db: DbOrTrx, names: string[]) {
    const unique = [...new Set(names)];
    const roles = await this.deps.repos.roles.findByNames(db, unique);
    const missing = unique.filter((n) => !roles.some((r) => r.name === n));
    if (missing.length > 0) {
      throw new ValidationError(
        `Unknown role${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
        missing.map((name) => ({ code: 'unknown_role', path: ['roles'], message: `no role named ${name}` })),
        'ROLE_UNKNOWN',
      );
    }
    return roles;
  }

  /** Nobody may lock the team out: some enabled user must keep a role that grants everything. */
  private async assertAdminRemains(db: DbOrTrx): Promise<void> {
    if ((await this.deps.repos.users.countActiveAdmins(db)) === 0) {
      throw new ConflictError('LAST_ADMIN', 'This would leave no enabled administrator; make someone else admin first');
    }
  }

  /** The caller's own settings (GET /v1/me/settings): every user reads theirs without users:read. */
  async mySettings(ctx: RequestContext): Promise<UserSettings> {
    return (await this.get(this.caller(ctx).userId)).settings;
  }

  /** Changes the caller's own settings; keys not given keep their value. */
  async updateMySettings(ctx: RequestContext, input: MySettingsUpdate): Promise<UserSettings> {
    const { db, repos, audit } = this.deps;
    const { userId } = this.caller(ctx);
    return inTransaction(db, async (trx) => {
      const current = await this.get(userId, trx);
      const settings = UserSettings.parse({ ...current.settings, ...input });
      await repos.users.update(trx, userId, { settings, updated_at: nowIso() });
      await audit.record(
        ctx,
        { action: 'user.update_settings', targetType: 'user', targetId: userId, details: { changed: Object.keys(input) } },
        trx,
      );
      return settings;
    });
  }

  /**
   * The caller changes their own password, proving the current one. Their other sessions end (a
   * thief holding one is logged out); the one making the change stays, and API tokens stay.
   */
  async changeMyPassword(ctx: RequestContext, input: PasswordChange): Promise<{ sessions_revoked: number }> {
    const { db, repos, audit } = this.deps;
    const { userId, sessionId, method } = this.caller(ctx);
    // A leaked script token must not become a way to guess, then take over, its owner's password.
    if (method === 'token') throw new PermissionError('Change your password after logging in (secai passwd), not with an API token');
    const user = await repos.users.findById(db, userId);
    if (!user) throw new NotFoundError('USER_NOT_FOUND', `No user with id ${userId}`, { id: userId });
    await this.throttle.wait(user.username);
    if (!(await verifyPassword(user.password_hash, input.current_password))) {
      await this.throttle.failed(user.username);
      await audit.record(ctx, {
        action: 'user.change_password',
        outcome: 'failure',
        targetType: 'user',
        targetId: userId,
        details: { reason: 'wrong_current_password' },
      });
      throw new ValidationError(
        'The current password is wrong',
        [{ code: 'wrong_password', path: ['current_password'], message: 'does not match your password' }],
        'CURRENT_PASSWORD_WRONG',
      );
    }
    await this.throttle.succeeded(user.username);
    const passwordHash = await hashPassword(input.new_password);
    const result = await inTransaction(db, async (trx) => {
      const now = nowIso();
      await repos.users.update(trx, userId, { password_hash: passwordHash, updated_at: now });
      const revoked = await repos.sessions.revoke(trx, { userId, ...(sessionId && { exceptId: sessionId }) }, 'password_changed', now);
      await audit.record(
        ctx,
        { action: 'user.change_password', targetType: 'user', targetId: userId, details: { sessions_revoked: revoked } },
        trx,
      );
      return { sessions_revoked: revoked };
    });
    await this.deps.actors.invalidate();
    return result;
  }

  /** Routes for the caller's own account require authentication, so there is an actor. */
  private caller(ctx: RequestContext): NonNullable<RequestContext['actor']> {
    return ctx.actor as NonNullable<RequestContext['actor']>;
  }
}
