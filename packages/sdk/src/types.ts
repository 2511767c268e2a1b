import type { components, paths } from './generated/openapi.js';

/** Every schema of the API by name: `Schemas['Alert']`. */
export type Schemas = components['schemas'];

type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** Query parameters of an operation. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** JSON request body of an operation. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends {
    requestBody?: { content: { 'application/json': infer B } };
  }
    ? B
    : never;

/** JSON body of the success response (200 or 201). */
export type ResultOf<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends {
    responses: { 200: { content: { 'application/json': infer R } } };
  }
    ? R
    : Operation<P, M> extends { responses: { 201: { content: { 'application/json': infer R } } } }
      ? R
      : never;

export type Page<T> = { data: T[]; next_cursor: string | null };

export type Alert = Schemas['Alert'];
export type AlertComment = Schemas['AlertComment'];
export type AlertType = Schemas['AlertType'];
export type ApiToken = Schemas['ApiToken'];
export type Asset = Schemas['Asset'];
export type AssetGroup = Schemas['AssetGroup'];
export type AssetType = Schemas['AssetType'];
export type AuditEvent = Schemas['AuditEvent'];
export type Job = Schemas['Job'];
export type JobProgress = NonNullable<Schemas['JobProgress']>;
export type JobState = Job['state'];
export type Problem = Schemas['Problem'];
export type Role = Schemas['Role'];
export type Session = Schemas['Session'];
export type TokenPair = Schemas['TokenPair'];
export type User = Schemas['User'];
export type Vulnerability = Schemas['Vulnerability'];
