// A fake fetch for unit tests (octokit hands ky one the same way): it answers from a queue of
// handlers, records every request, and `done()` fails the test when a queued answer was never
// asked for (heroku's `api.done()`).
import * as assert from 'uvu/assert';

export type Handler = (request: Request) => Response | Promise<Response>;

export function fakeFetch(...handlers: Handler[]) {
  const requests: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const handler = handlers.shift();
    if (!handler) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return handler(request);
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    done: () => assert.is(handlers.length, 0, 'expected requests never happened'),
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

export const problem = (status: number, code: string, extra: object = {}) =>
  json(status, { type: 'urn:x', title: code, status, code, detail: `${code} happened`, ...extra }, { 'x-request-id': 'req-1' });
