import { z } from 'zod';
import { DEFAULT_PAGE_SIZE } from '../constants/page.js';
import { PERMISSIONS } from '../permissions/permissions.js';
import { Id, IdPrefix, listParam, PageQuery, Timestamp } from './common.js';

export const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9][\w.@-]*$/, 'usernames are letters, digits and . @ - _');

/** NIST 800-63B: length over composition rules. */
export const Password = z.string().min(12, 'passwords have at least 12 characters').max(256);

/** How many items a list shows when the user has not chosen (the `page_size` setting; the CLI's --limit). */
export { DEFAULT_PAGE_SIZE };

export const UserSettings = z.object({
  timezone: z.string().max(64).default('UTC'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  page_size: z.number().int().min(10).max(500).default(DEFAULT_PAGE_SIZE),
  notify_email: z.boolean().default(false),
});
export type UserSettings = z.infer<typeof UserSettings>;

export const User = z
  .object({
    id: Id,
    username: Username,
    display_name: z.string().nullable(),
    email: z.email().nullable(),
    roles: z.array(z.string()),
    disabled: z.boolean(),
    settings: UserSettings,
    created_at: Timestamp,
    updated_at: Timestamp,
    last_login_at: Timestamp.nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const UserCreate = z.object({
  username: Username,
  password: Password,
  display_name: z.string().max(128).nullish(),
  email: z.email().nullish(),
  roles: z.array(z.string().min(1)).min(1).default(['viewer']),
  settings: UserSettings.partial().optional(),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z
  .object({
    password: Password,
    display_name: z.string().max(128).nullable(),
    email: z.email().nullable(),
    roles: z.array(z.string().min(1)).min(1),
    disabled: z.boolean(),
    settings: UserSettings.partial(),
  })
  .partial();
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserListQuery = PageQuery.extend({
  role: z.string().optional(),
  disabled: z.stringbool().optional(),
  q: z.string().max(200).optional(),
  /** The user with exactly this username (ignoring case). */
  username: z.string().max(64).optional(),
  id_prefix: IdPrefix.optional(),
  /** These users (comma-separated), e.g. to name the assignees of a page of alerts. */
  id: listParam(Id),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const Role = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().nullable(),
    permissions: z.array(z.string()),
    builtin: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof Role>;

const RoleName = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, 'role names are lowercase letters, digits, - and _');

export const RoleCreate = z.object({
  name: RoleName,
  description: z.string().max(500).nullish(),
  permissions: z.array(z.enum(PERMISSIONS)).min(1),
});
export type RoleCreate = z.infer<typeof RoleCreate>;

export const RoleUpdate = RoleCreate.omit({ name: true }).partial();
export type RoleUpdate = z.infer<typeof RoleUpdate>;

export const RoleListQuery = PageQuery;

export const LoginRequest = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export const RefreshRequest = z.object({ refresh_token: z.string().min(1).max(512) });
export const LogoutRequest = z.object({ refresh_token: z.string().min(1).max(512).optional() });

export const TokenPair = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
  })
  .meta({ id: 'TokenPair' });
export type TokenPair = z.infer<typeof TokenPair>;

export const Me = User.extend({
  permissions: z.array(z.string()),
  auth: z.object({ method: z.enum(['jwt', 'token']), session_id: Id.nullable(), token_id: Id.nullable() }),
});
export type Me = z.infer<typeof Me>;

export const Session = z
  .object({
    id: Id,
    user_id: Id,
    username: z.string(),
    created_at: Timestamp,
    last_used_at: Timestamp,
    expires_at: Timestamp,
    revoked_at: Timestamp.nullable(),
    revoked_reason: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const SessionListQuery = PageQuery.extend({
  user_id: Id.optional(),
  active: z.stringbool().optional(),
});
export type SessionListQuery = z.infer<typeof SessionListQuery>;

export const ApiToken = z
  .object({
    id: Id,
    user_id: Id,
    name: z.string(),
    prefix: z.string(),
    permissions: z.array(z.string()),
    expires_at: Timestamp.nullable(),
    last_used_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
    created_at: Timestamp,
    /** The API token this one was made with (null when made after logging in); revoking that one revokes this one. */
    parent_id: Id.nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;

export const ApiTokenCreate = z.object({
  name: z.string().min(1).max(100),
  permissions: z.array(z.enum(PERMISSIONS)).min(1).optional(),
  expires_in_days: z.number().int().min(1).max(3650).nullable().default(90),
});
export type ApiTokenCreate = z.infer<typeof ApiTokenCreate>;

/** The only time the secret is shown. */
export const ApiTokenCreated = ApiToken.extend({ token: z.string() });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreated>;

export const ApiTokenListQuery = PageQuery.extend({ user_id: Id.optional(), active: z.stringbool().optional() });
export type ApiTokenListQuery = z.infer<typeof ApiTokenListQuery>;

/** True for a time zone the runtime knows (IANA names such as Europe/Berlin, and UTC). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * `PATCH /v1/me/settings`: the keys given change, the others stay. Strict, so a mistyped key is
 * an error rather than silently ignored.
 */
export const MySettingsUpdate = z
  .strictObject({
    timezone: z.string().max(64).refine(isTimeZone, 'not a known time zone; use an IANA name such as Europe/Berlin, or UTC'),
    theme: UserSettings.shape.theme.unwrap(),
    page_size: UserSettings.shape.page_size.unwrap(),
    notify_email: UserSettings.shape.notify_email.unwrap(),
  })
  .partial();
export type MySettingsUpdate = z.infer<typeof MySettingsUpdate>;

/** `POST /v1/me/password`: the caller proves they know the current password. */
export const PasswordChange = z.object({
  current_password: z.string().min(1).max(256),
  new_password: Password,
});
export type PasswordChange = z.infer<typeof PasswordChange>;

export const UserSettingsResult = UserSettings.meta({ id: 'UserSettings' });

export const PasswordChanged = z.object({
  /** The caller's other login sessions that the change ended. */
  sessions_revoked: z.number().int(),
});
