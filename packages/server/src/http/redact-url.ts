/** Query parameters whose values are credentials: tokens, passwords, keys, signatures. */
const CREDENTIAL_PARAM = /token|passw|secret|api[-_]?key|^key$|auth|jwt|session|signature|^sig$|^code$/i;

const decoded = (s: string) => {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return s;
  }
};

/**
 * The URL as it may be logged: each credential-like query parameter keeps its name, its value
 * becomes `[redacted]`. A refused `?access_token=…` must not leave the token in the log.
 * @example redactUrl('/v1/alerts?access_token=abc&limit=5') // '/v1/alerts?access_token=[redacted]&limit=5'
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      return CREDENTIAL_PARAM.test(decoded(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${query.join('&')}`;
}
