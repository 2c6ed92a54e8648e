/**
 * Structured logs: one JSON object per line on stdout (pino), so a log
 * collector can index them. Request lines carry the request id (also sent
 * back as `X-Request-Id`), method, path without its query, status and time;
 * no headers, bodies or query strings are logged, so tokens, passwords and
 * credentials never reach the log. `HALLMARK_LOG_LEVEL` picks the level.
 */
import {pino, type DestinationStream, type Logger} from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'];
export type {Logger};

/** Anything that looks like a secret is censored wherever it appears in a logged object. */
const REDACT = [
  'authorization', '*.authorization', 'token', '*.token', 'password', '*.password', 'secret', '*.secret',
  'headers', '*.headers', 'body', '*.body',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({level, base: {service: 'hallmark'}, redact: {paths: REDACT, censor: '[redacted]'}, timestamp: pino.stdTimeFunctions.isoTime}, destination);
}
