import {availableParallelism} from 'node:os';
import {isAbsolute, resolve} from 'node:path';
import {parseAllowHosts, type AllowHost} from './net/allow-hosts.ts';
import {parseDatabaseUrl} from './store/open.ts';
import {LIMIT_DEFAULTS, isLimitName, type LimitRules} from './limits/rules.ts';
import ipaddr from 'ipaddr.js';
import {LOG_LEVELS, type LogLevel} from './observe/log.ts';

/** Everything Hallmark reads from its environment, validated once at start. */
export interface Config {
  port: number;
  /** Listen address (HALLMARK_HOST); undefined listens on every interface. */
  host: string | undefined;
  /** Express's `trust proxy`: false, a hop count, or addresses/CIDRs/names of trusted proxies. */
  trustProxy: false | number | string[];
  /** Open connections at once, in total and per client address. */
  maxConnections: number;
  maxConnectionsPerClient: number;
  /**
   * Slow-loris bounds, in seconds: the whole header block (HALLMARK_HEADERS_TIMEOUT), then the whole
   * request with its body (HALLMARK_REQUEST_TIMEOUT), must arrive within these or the client gets 408.
   */
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  logLevel: LogLevel;
  /** File holding the master secret (HALLMARK_SECRET_FILE), outside the data directory in production. */
  secretFile: string | undefined;
  /** NODE_ENV=production: stricter defaults (no master secret generated beside the database). */
  production: boolean;
  /** Origin and optional path prefix, no trailing slash, e.g. https://badges.example.org */
  publicUrl: string;
  dataDir: string;
  /** undefined → embedded SQLite in dataDir; else sqlite:<path> or mongodb://… */
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  secret: string | undefined;
  fetchAllowHosts: AllowHost[];
  /** Largest JSON body accepted by the API, in bytes. */
  maxBodyBytes: number;
  /** DIDs whose verified endorsements verification reports mark as trusted (HALLMARK_TRUSTED_ENDORSERS). */
  trustedEndorsers: string[];
  /** Seconds between re-checks of time-based policy rules (review age, evidence expiry); 0 disables. */
  sweepIntervalSeconds: number;
  /** Worker threads that verify batches (SBOM checks); 0 verifies them in the main thread. */
  verifyWorkers: number;
  /** HALLMARK_FEDERATION: open (unknown hosts federate), allowlist (unknown hosts wait; default) or off. */
  federation: 'open' | 'allowlist' | 'off';
  /**
   * The npm registry the policy-filtered registry reads from (HALLMARK_NPM_UPSTREAM): origin
   * and optional path, no trailing slash. Its host is the one host that registry's fetcher reaches.
   */
  npmUpstream: string;
  /** Every named rate limit, defaults overridden by HALLMARK_RATE_LIMITS. */
  rateLimits: LimitRules;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = readPort(env.PORT);
  const dataDir = resolvePath(env.HALLMARK_DATA_DIR || './data', cwd);
  return {
    port,
    host: readHost(env.HALLMARK_HOST),
    trustProxy: readTrustProxy(env.HALLMARK_TRUST_PROXY),
    maxConnections: readCount('HALLMARK_MAX_CONNECTIONS', env.HALLMARK_MAX_CONNECTIONS, 1024, 1, 1_000_000),
    maxConnectionsPerClient: readCount('HALLMARK_MAX_CONNECTIONS_PER_CLIENT', env.HALLMARK_MAX_CONNECTIONS_PER_CLIENT, 64, 1, 1_000_000),
    ...readTimeouts(env),
    logLevel: readLogLevel(env.HALLMARK_LOG_LEVEL),
    secretFile: readSecretFile(env.HALLMARK_SECRET_FILE, env.HALLMARK_SECRET, cwd),
    production: env.NODE_ENV === 'production',
    publicUrl: readPublicUrl(env.HALLMARK_PUBLIC_URL, port),
    dataDir,
    databaseUrl: readDatabaseUrl(env.HALLMARK_DATABASE_URL, dataDir),
    adminToken: readToken(env.HALLMARK_ADMIN_TOKEN),
    secret: readSecret(env.HALLMARK_SECRET),
    fetchAllowHosts: readAllowHosts(env.HALLMARK_FETCH_ALLOW_HOSTS),
    maxBodyBytes: 1024 * 1024,
    trustedEndorsers: readTrustedEndorsers(env.HALLMARK_TRUSTED_ENDORSERS),
    sweepIntervalSeconds: readSweepInterval(env.HALLMARK_SWEEP_INTERVAL),
    verifyWorkers: readVerifyWorkers(env.HALLMARK_VERIFY_WORKERS),
    federation: readFederation(env.HALLMARK_FEDERATION),
    npmUpstream: readNpmUpstream(env.HALLMARK_NPM_UPSTREAM),
    rateLimits: readRateLimits(env.HALLMARK_RATE_LIMITS),
  };
}

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new ConfigError('PORT', `"${value}" is not a port number (0-65535)`);
  }
  return Number(value);
}

function readPublicUrl(value: string | undefined, port: number): string {
  if (value === undefined || value === '') return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('HALLMARK_PUBLIC_URL', `"${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('HALLMARK_PUBLIC_URL', 'must be an http: or https: URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError('HALLMARK_PUBLIC_URL', 'must not carry a query, fragment or credentials');
  }
  return url.href.replace(/\/+$/, '');
}

function readDatabaseUrl(value: string | undefined, dataDir: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    parseDatabaseUrl(value, dataDir);
  } catch (error) {
    throw new ConfigError('HALLMARK_DATABASE_URL', (error as Error).message.replace(/^HALLMARK_DATABASE_URL /, ''));
  }
  return value;
}

function readToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  // Chosen by a person, so possibly guessable: long enough that guessing (rate-limited too) cannot succeed.
  if (value.length < 32) throw new ConfigError('HALLMARK_ADMIN_TOKEN', 'must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)');
  return value;
}

function readSecret(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 32) throw new ConfigError('HALLMARK_SECRET', 'must be at least 32 characters of high-entropy text');
  return value;
}

export function readAllowHosts(value: string | undefined): AllowHost[] {
  try {
    return parseAllowHosts(value);
  } catch (error) {
    throw new ConfigError('HALLMARK_FETCH_ALLOW_HOSTS', (error as Error).message);
  }
}

function resolvePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** did:method:method-specific-id (W3C DID Core §3.1), no path, query or fragment: endorsers are named by their DID. */
const DID = /^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*(?::(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*)*$/;
const MAX_TRUSTED_ENDORSERS = 256;

/** Comma- or whitespace-separated DIDs; the CLI's --trusted-endorser values go through it too. */
export function readTrustedEndorsers(value: string | undefined): string[] {
  const dids = [...new Set((value ?? '').split(/[\s,]+/).filter((item) => item !== ''))];
  const bad = dids.find((did) => did.length > 2048 || !DID.test(did) || did.endsWith(':'));
  if (bad !== undefined) throw new ConfigError('HALLMARK_TRUSTED_ENDORSERS', `"${bad.slice(0, 120)}" is not a DID (did:<method>:<id>, no fragment or path)`);
  if (dids.length > MAX_TRUSTED_ENDORSERS) throw new ConfigError('HALLMARK_TRUSTED_ENDORSERS', `at most ${MAX_TRUSTED_ENDORSERS} DIDs`);
  return dids;
}

const MAX_SWEEP_INTERVAL = 7 * 24 * 3600;
function readSweepInterval(value: string | undefined): number {
  if (value === undefined || value === '') return 3600;
  if (!/^\d{1,7}$/.test(value) || Number(value) > MAX_SWEEP_INTERVAL) {
    throw new ConfigError('HALLMARK_SWEEP_INTERVAL', `"${value}" is not a number of seconds from 0 (off) to ${MAX_SWEEP_INTERVAL}`);
  }
  return Number(value);
}

const MAX_VERIFY_WORKERS = 64;
function readVerifyWorkers(value: string | undefined): number {
  // One per core, at most 8 unless asked: each holds its own JSON-LD and schema caches.
  if (value === undefined || value === '') return Math.min(availableParallelism(), 8);
  if (!/^\d{1,2}$/.test(value) || Number(value) > MAX_VERIFY_WORKERS) {
    throw new ConfigError('HALLMARK_VERIFY_WORKERS', `"${value}" is not a number of worker threads from 0 (none) to ${MAX_VERIFY_WORKERS}`);
  }
  return Number(value);
}

function readFederation(value: string | undefined): Config['federation'] {
  if (value === undefined || value === '') return 'allowlist';
  if (value !== 'open' && value !== 'allowlist' && value !== 'off') {
    throw new ConfigError('HALLMARK_FEDERATION', `"${value.slice(0, 40)}" is not open, allowlist or off`);
  }
  return value;
}

function readNpmUpstream(value: string | undefined): string {
  if (value === undefined || value === '') return 'https://registry.npmjs.org';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('HALLMARK_NPM_UPSTREAM', `"${value.slice(0, 200)}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('HALLMARK_NPM_UPSTREAM', 'must be an http: or https: URL');
  if (url.search || url.hash || url.username || url.password) throw new ConfigError('HALLMARK_NPM_UPSTREAM', 'must not carry a query, fragment or credentials');
  return url.href.replace(/\/+$/, '');
}

const DURATION_UNITS: Record<string, number> = {'': 1, s: 1, m: 60, h: 3600};
const MAX_LIMIT_WINDOW = 24 * 3600;

/** `name=points/duration` (duration in s, m or h; bare numbers are seconds) or `name=off`, comma- or space-separated. */
export function readRateLimits(value: string | undefined): LimitRules {
  const rules: LimitRules = {...LIMIT_DEFAULTS};
  for (const item of (value ?? '').split(/[\s,]+/).filter((entry) => entry !== '')) {
    const match = /^([a-z][a-z-]*)=(?:(off)|(\d{1,7})\/(\d{1,6})([smh]?))$/.exec(item);
    const problem = `"${item.slice(0, 80)}" is not name=points/duration (e.g. verify=120/1m) or name=off; names: ${Object.keys(LIMIT_DEFAULTS).join(', ')}`;
    if (match === null) throw new ConfigError('HALLMARK_RATE_LIMITS', problem);
    const [, name, off, points, amount, unit] = match;
    if (!isLimitName(name)) throw new ConfigError('HALLMARK_RATE_LIMITS', `unknown limit "${name}"; names: ${Object.keys(LIMIT_DEFAULTS).join(', ')}`);
    if (off !== undefined) {
      rules[name] = {points: 0, durationSeconds: 1};
      continue;
    }
    const durationSeconds = Number(amount) * DURATION_UNITS[unit];
    if (Number(points) < 1 || durationSeconds < 1 || durationSeconds > MAX_LIMIT_WINDOW) {
      throw new ConfigError('HALLMARK_RATE_LIMITS', `${name}: points must be at least 1 and the window from 1 s to 24 h`);
    }
    rules[name] = {points: Number(points), durationSeconds};
  }
  return rules;
}

function readHost(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const host = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (ipaddr.isValid(host) || /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(host)) return host;
  throw new ConfigError('HALLMARK_HOST', `"${value.slice(0, 80)}" is not an IP address or host name to listen on`);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `false`/unset, a hop count (1 = the nearest proxy), or addresses, CIDRs and loopback/linklocal/uniquelocal. */
function readTrustProxy(value: string | undefined): false | number | string[] {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    if (PROXY_NAMES.has(entry) || ipaddr.isValid(entry)) continue;
    try {
      ipaddr.parseCIDR(entry);
    } catch {
      throw new ConfigError('HALLMARK_TRUST_PROXY', `"${entry.slice(0, 80)}" is not a hop count, an address, a CIDR range or one of loopback, linklocal, uniquelocal`);
    }
  }
  return entries;
}

function readCount(variable: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < min || Number(value) > max) throw new ConfigError(variable, `"${value.slice(0, 20)}" is not a whole number from ${min} to ${max}`);
  return Number(value);
}

function readTimeouts(env: Env): Pick<Config, 'headersTimeoutSeconds' | 'requestTimeoutSeconds'> {
  const headersTimeoutSeconds = readCount('HALLMARK_HEADERS_TIMEOUT', env.HALLMARK_HEADERS_TIMEOUT, 10, 1, 600);
  const requestTimeoutSeconds = readCount('HALLMARK_REQUEST_TIMEOUT', env.HALLMARK_REQUEST_TIMEOUT, 30, 1, 3600);
  // The request timeout runs from the first byte, headers included.
  if (requestTimeoutSeconds < headersTimeoutSeconds) throw new ConfigError('HALLMARK_REQUEST_TIMEOUT', `${requestTimeoutSeconds} s is shorter than HALLMARK_HEADERS_TIMEOUT (${headersTimeoutSeconds} s), which it includes`);
  return {headersTimeoutSeconds, requestTimeoutSeconds};
}

function readLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = LOG_LEVELS.find((known) => known === value);
  if (level === undefined) throw new ConfigError('HALLMARK_LOG_LEVEL', `"${value.slice(0, 20)}" is not one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

function readSecretFile(value: string | undefined, secret: string | undefined, cwd: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (secret !== undefined && secret !== '') throw new ConfigError('HALLMARK_SECRET_FILE', 'set either HALLMARK_SECRET or HALLMARK_SECRET_FILE, not both');
  return resolvePath(value, cwd);
}
