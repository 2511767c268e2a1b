// Loaded into the test process (`--import`) by scripts/test.mjs. uvu leaves the process to exit
// by itself once its summary is printed; a socket, server, child or timer that a test left open
// would keep it alive for ever. Some seconds after the summary this names what is still open,
// so the test that leaked it can be found, and exits with uvu's code.
const AFTER_SUMMARY_MS = 5_000;

// SECAI_TEST_TRACE_TIMERS=1 remembers where each timer was made, to name the one left running
// (Node lists open timers only by count).
const timers = new Map();
if (process.env.SECAI_TEST_TRACE_TIMERS) {
  for (const name of ['setTimeout', 'setInterval']) {
    const original = globalThis[name];
    globalThis[name] = function traced(...args) {
      const timer = original.apply(this, args);
      timers.set(timer, new Error().stack.split('\n').slice(2, 8).join('\n'));
      if (timers.size > 100_000) for (const t of timers.keys()) if (t._destroyed) timers.delete(t);
      return timer;
    };
  }
}

const write = process.stdout.write.bind(process.stdout);
let armed = false;
process.stdout.write = (chunk, ...rest) => {
  if (!armed && String(chunk).includes('Duration:')) {
    armed = true;
    setTimeout(report, AFTER_SUMMARY_MS).unref();
  }
  return write(chunk, ...rest);
};

function describe(handle) {
  const name = handle?.constructor?.name ?? typeof handle;
  if (name === 'Socket' || name === 'TLSSocket')
    return `${name} ${handle.localAddress}:${handle.localPort} -> ${handle.remoteAddress}:${handle.remotePort}${handle._handle?.fd === undefined ? '' : ` fd ${handle._handle.fd}`}`;
  if (name === 'Server') return `Server ${JSON.stringify(handle.address?.())}`;
  if (name === 'ChildProcess') return `ChildProcess ${handle.pid} ${handle.spawnargs?.join(' ').slice(0, 200)}`;
  if (name === 'Timeout') return `Timeout ${handle._idleTimeout} ms ${String(handle._onTimeout).slice(0, 200).replace(/\s+/g, ' ')}`;
  return name;
}

function report() {
  const handles = process._getActiveHandles().filter((h) => h !== process.stdout && h !== process.stderr && h !== process.stdin);
  write(`\nThe test process was still running ${AFTER_SUMMARY_MS / 1000} s after its summary. Left open by a test:\n`);
  for (const h of handles) write(`  ${describe(h)}\n`);
  write(`  resources: ${process.getActiveResourcesInfo().join(', ')}\n`);
  for (const [timer, stack] of timers) {
    if (!timer._destroyed && timer.hasRef())
      write(`  a ${timer._repeat ? 'setInterval' : 'setTimeout'} of ${timer._idleTimeout} ms made\n${stack}\n`);
  }
  process.exit(process.exitCode ?? 0);
}
