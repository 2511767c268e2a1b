import type { StreamStatus } from '@secai/sdk';

/** What a command that follows the live stream says on stderr when it connects, drops or learns of a gap. */
export function streamStatusLine(status: StreamStatus, following: string): string {
  if (status.state !== 'gap')
    return status.state === 'connected'
      ? `Following ${following}; Ctrl-C to stop.\n`
      : `Connection lost (${status.reason}); reconnecting…\n`;
  return status.missed === undefined
    ? 'Some messages are older than the stream keeps and were skipped.\n'
    : `${status.missed} events were stored while nobody followed them and are not shown (logs search finds them).\n`;
}
