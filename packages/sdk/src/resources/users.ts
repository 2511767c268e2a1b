import type { PagePromise } from '../paginate.js';
import type { BodyOf, QueryOf, ResultOf, User } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export type Me = ResultOf<'/v1/me', 'get'>;
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
