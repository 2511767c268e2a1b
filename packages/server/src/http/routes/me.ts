import { Me, MySettingsUpdate, PasswordChange, PasswordChanged, UserSettingsResult } from '@secai/core';
import type { RequestHandler } from 'express';
import type { Services } from '../../services/index.js';
import type { ApiRouter } from '../api-router.js';

/** The caller's own account: who they are, and what every user manages without users:write. */
export function meRoutes(api: ApiRouter, services: Services, passwordLimits: RequestHandler[]): void {
  api.route(
    { method: 'get', path: '/v1/me', tag: 'auth', summary: 'who am I', permission: 'authenticated', response: Me, secret: true },
    ({ ctx }) => services.users.me(ctx),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/me/settings',
      tag: 'auth',
      summary: 'your settings',
      description: "`page_size` is the CLI's default `--limit`, `timezone` the zone it shows times in.",
      permission: 'authenticated',
      response: UserSettingsResult,
    },
    ({ ctx }) => services.users.mySettings(ctx),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/me/settings',
      tag: 'auth',
      summary: 'change your settings',
      description: 'The keys given change, the others stay; an unknown key is a 400. Answers with all of your settings.',
      permission: 'authenticated',
      body: MySettingsUpdate,
      response: UserSettingsResult,
    },
    ({ ctx, body }) => services.users.updateMySettings(ctx, body),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/me/password',
      tag: 'auth',
      summary: 'change your password',
      description:
        'Needs the current password (a wrong one is a 400 `CURRENT_PASSWORD_WRONG`, audited). Ends your other login sessions; the calling session and your API tokens stay.',
      permission: 'authenticated',
      body: PasswordChange,
      response: PasswordChanged,
      before: passwordLimits,
    },
    ({ ctx, body }) => services.users.changeMyPassword(ctx, body),
  );
}
