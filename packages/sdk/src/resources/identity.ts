import type { PagePromise } from '../paginate.js';
import type { ApiToken, AuditEvent, BodyOf, QueryOf, ResultOf, Role, Session, User } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export type Me = ResultOf<'/v1/me', 'get'>;
export type CreatedApiToken = ResultOf<'/v1/tokens', 'post'>;
export type UserSettings = ResultOf<'/v1/me/settings', 'get'>;
export type UserSettingsUpdate = BodyOf<'/v1/me/settings', 'patch'>;
export type PasswordChangeParams = BodyOf<'/v1/me/password', 'post'>;

export class Users extends Resource {
  list(params: QueryOf<'/v1/users', 'get'> = {}, options?: CallOptions): PagePromise<User> {
    return this.pageOf<User>('v1/users', params, options);
  }
  get(id: string, options?: CallOptions): Promise<User> {
    return this.getOne<User>('v1/users', id, options);
  }
  create(body: BodyOf<'/v1/users', 'post'>, options?: CallOptions): Promise<User> {
    return this.postTo<User>('v1/users', body, options);
  }
  update(id: string, body: BodyOf<'/v1/users/{id}', 'patch'>, options?: CallOptions): Promise<User> {
    return this.patchOne<User>('v1/users', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/users', id, options);
  }
  /** The caller, with effective permissions and how they authenticated. */
  me(options?: CallOptions): Promise<Me> {
    return this.http.request<Me>('GET', 'v1/me', options);
  }
  /** The caller's own settings; every user may read and change theirs. */
  mySettings(options?: CallOptions): Promise<UserSettings> {
    return this.http.request<UserSettings>('GET', 'v1/me/settings', options);
  }
  /** Changes the keys given and answers with all of the caller's settings. */
  updateMySettings(body: UserSettingsUpdate, options?: CallOptions): Promise<UserSettings> {
    return this.http.request<UserSettings>('PATCH', 'v1/me/settings', { body, ...options });
  }
  /**
   * Changes the caller's password; the current one is required. Ends the caller's other sessions.
   * @example await client.users.changeMyPassword({ current_password: old, new_password: next })
   */
  changeMyPassword(body: PasswordChangeParams, options?: CallOptions): Promise<{ sessions_revoked: number }> {
    return this.http.request<{ sessions_revoked: number }>('POST', 'v1/me/password', { body, ...options });
  }
}

export class Roles extends Resource {
  list(params: { limit?: number } = {}, options?: CallOptions): PagePromise<Role> {
    return this.pageOf<Role>('v1/roles', params, options);
  }
  get(id: string, options?: CallOptions): Promise<Role> {
    return this.getOne<Role>('v1/roles', id, options);
  }
  create(body: BodyOf<'/v1/roles', 'post'>, options?: CallOptions): Promise<Role> {
    return this.postTo<Role>('v1/roles', body, options);
  }
  update(id: string, body: BodyOf<'/v1/roles/{id}', 'patch'>, options?: CallOptions): Promise<Role> {
    return this.patchOne<Role>('v1/roles', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/roles', id, options);
  }
}

export class Sessions extends Resource {
  list(params: QueryOf<'/v1/sessions', 'get'> = {}, options?: CallOptions): PagePromise<Session> {
    return this.pageOf<Session>('v1/sessions', params, options);
  }
  revoke(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/sessions', id, options);
  }
}

export class Tokens extends Resource {
  list(params: QueryOf<'/v1/tokens', 'get'> = {}, options?: CallOptions): PagePromise<ApiToken> {
    return this.pageOf<ApiToken>('v1/tokens', params, options);
  }
  /** The returned `token` is the secret, shown this once. */
  create(body: BodyOf<'/v1/tokens', 'post'>, options?: CallOptions): Promise<CreatedApiToken> {
    return this.postTo<CreatedApiToken>('v1/tokens', body, options);
  }
  revoke(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/tokens', id, options);
  }
}

export class Audit extends Resource {
  list(params: QueryOf<'/v1/audit', 'get'> = {}, options?: CallOptions): PagePromise<AuditEvent> {
    return this.pageOf<AuditEvent>('v1/audit', params, options);
  }
}
