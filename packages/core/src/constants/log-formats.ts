/**
 * The log line formats the parsers read (events/parse.ts maps each to its parser); `auto` detects
 * the format per line. A syslog line's message may itself be CEF, LEEF, an sshd line or
 * key=value: the syslog parser reads those inside it.
 */
export const LOG_FORMATS = ['auto', 'syslog', 'json', 'cef', 'leef', 'kv', 'access'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
