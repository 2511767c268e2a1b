import { ValidationError } from '@secai/core';

export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Reads a collector's listen address: `host:port`, or `[v6]:port` (the brackets are required for
 * IPv6, as in URLs, since `::1:514` could be read two ways). Port 0 is allowed: the system picks
 * a free port (tests). `what` names the setting in the error (`syslog.udp`).
 *
 * @example parseListen('[::]:514') // { host: '::', port: 514 }
 */
export function parseListen(value: string, what = 'listen'): ListenAddress {
  const fail = (why: string): never => {
    throw new ValidationError(`${what}: ${why}`, [{ code: 'invalid_listen_address', path: [what], message: why }]);
  };
  const text = value.trim();
  let host: string;
  let port: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) fail(`"${value}" opens a bracket it does not close; write [v6-address]:port`);
    host = text.slice(1, close);
    if (text[close + 1] !== ':') fail(`"${value}" has no port; write [${host}]:port`);
    port = text.slice(close + 2);
    if (!host.includes(':')) fail(`"${value}": brackets are for IPv6 addresses; write ${host}:port`);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon === -1) fail(`"${value}" has no port; write host:port (0.0.0.0:514, [::]:514)`);
    host = text.slice(0, colon);
    port = text.slice(colon + 1);
    if (host.includes(':')) fail(`"${value}": put an IPv6 address in brackets, [${host}]:${port}`);
  }
  if (host === '') fail(`"${value}" has no host; write 0.0.0.0:${port} for every IPv4 address or [::]:${port} for every address`);
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535) fail(`"${value}": the port must be a number from 0 to 65535`);
  return { host, port: Number(port) };
}
