import type { Schemas, Secai } from '@secai/sdk';

export type Job = Schemas['Job'];

/** How often a waiting command asks about its job: quick enough to feel live, light on the server. */
const POLL_INTERVAL_MS = 500;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Follows a job until it has finished, asking `GET /v1/jobs/{id}` every half second, and returns
 * it as it ended. `onUpdate` sees every state on the way (for a progress line).
 * MERGE(jobs): once the SDK has `client.jobs.wait(id)`, call that instead of this.
 */
export async function pollJob(
  client: Secai,
  baseUrl: string,
  id: string,
  options: { signal?: AbortSignal; onUpdate?: (job: Job) => void } = {},
): Promise<Job> {
  for (;;) {
    options.signal?.throwIfAborted();
    const job = await fetchJob(client, baseUrl, id, options.signal);
    options.onUpdate?.(job);
    if (FINISHED.has(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

async function fetchJob(client: Secai, baseUrl: string, id: string, signal: AbortSignal | undefined): Promise<Job> {
  const url = new URL(`v1/jobs/${encodeURIComponent(id)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${client.credentials.token ?? ''}`, accept: 'application/json' },
    ...(signal && { signal }),
  });
  const body = (await res.json().catch(() => null)) as (Job & { code?: string; detail?: string }) | null;
  if (!res.ok) {
    const err = new Error(`Could not read job ${id}: ${body?.detail ?? res.statusText}`) as Error & { code?: string };
    err.code = body?.code ?? `HTTP_${res.status}`;
    throw err;
  }
  return body as Job;
}
