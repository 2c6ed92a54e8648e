import {availableParallelism} from 'node:os';
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {ConfigError, loadConfig} from '../src/config.ts';

describe('config', () => {
  it('starts with zero configuration', () => {
    const config = loadConfig({}, '/srv/hallmark');
    assert.equal(config.port, 3000);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.equal(config.dataDir, '/srv/hallmark/data');
    assert.equal(config.databaseUrl, undefined);
    assert.deepEqual(config.fetchAllowHosts, []);
    assert.equal(config.npmUpstream, 'https://registry.npmjs.org');
  });

  it('reads the npm upstream registry, without its trailing slash', () => {
    assert.equal(loadConfig({HALLMARK_NPM_UPSTREAM: 'http://127.0.0.1:4873/npm/'}).npmUpstream, 'http://127.0.0.1:4873/npm');
  });

  it('reads the operator settings: listen address, trusted proxies, connection caps, log level, secret file', () => {
    const defaults = loadConfig({}, '/srv/hallmark');
    assert.equal(defaults.host, undefined, 'every interface by default');
    assert.equal(defaults.trustProxy, false);
    assert.equal(defaults.logLevel, 'info');
    assert.ok(defaults.maxConnections > defaults.maxConnectionsPerClient);
    assert.equal(defaults.production, false);
    assert.deepEqual([defaults.headersTimeoutSeconds, defaults.requestTimeoutSeconds], [10, 30], 'far shorter than Node\'s 60 s and 300 s');
    const timeouts = loadConfig({HALLMARK_HEADERS_TIMEOUT: '5', HALLMARK_REQUEST_TIMEOUT: '120'});
    assert.deepEqual([timeouts.headersTimeoutSeconds, timeouts.requestTimeoutSeconds], [5, 120]);
    const set = loadConfig({HALLMARK_HOST: '[::1]', HALLMARK_TRUST_PROXY: 'loopback, 10.0.0.0/8', HALLMARK_MAX_CONNECTIONS: '500', HALLMARK_MAX_CONNECTIONS_PER_CLIENT: '20', HALLMARK_LOG_LEVEL: 'warn', HALLMARK_SECRET_FILE: 'secret', NODE_ENV: 'production'}, '/srv/hallmark');
    assert.equal(set.host, '::1');
    assert.deepEqual(set.trustProxy, ['loopback', '10.0.0.0/8']);
    assert.equal(set.maxConnections, 500);
    assert.equal(set.maxConnectionsPerClient, 20);
    assert.equal(set.logLevel, 'warn');
    assert.equal(set.secretFile, '/srv/hallmark/secret');
    assert.equal(set.production, true);
    assert.equal(loadConfig({HALLMARK_TRUST_PROXY: '1'}).trustProxy, 1);
    assert.equal(loadConfig({HALLMARK_HOST: '127.0.0.1'}).host, '127.0.0.1');
  });

  it('reads rate limits by name over their defaults, in seconds, minutes or hours, or off', () => {
    const defaults = loadConfig({}).rateLimits;
    assert.ok(defaults.verify.points > 0 && defaults['token-failures'].points > 0);
    const rules = loadConfig({HALLMARK_RATE_LIMITS: 'verify=10/2m, token-failures=off'}).rateLimits;
    assert.deepEqual(rules.verify, {points: 10, durationSeconds: 120});
    assert.equal(rules['token-failures'].points, 0);
    assert.deepEqual(loadConfig({HALLMARK_RATE_LIMITS: 'verify=3/1h'}).rateLimits.verify, {points: 3, durationSeconds: 3600});
    assert.deepEqual(loadConfig({HALLMARK_RATE_LIMITS: 'verify=3/45'}).rateLimits.verify, {points: 3, durationSeconds: 45});
  });

  it('derives the public URL from PORT and trims a trailing slash', () => {
    assert.equal(loadConfig({PORT: '8080'}).publicUrl, 'http://localhost:8080');
    assert.equal(loadConfig({HALLMARK_PUBLIC_URL: 'https://badges.example.org/'}).publicUrl, 'https://badges.example.org');
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['a non-numeric port', {PORT: 'eighty'}, /PORT/],
    ['a port out of range', {PORT: '70000'}, /PORT/],
    ['a relative public URL', {HALLMARK_PUBLIC_URL: 'badges.example.org'}, /HALLMARK_PUBLIC_URL/],
    ['a non-http public URL', {HALLMARK_PUBLIC_URL: 'ftp://example.org'}, /HALLMARK_PUBLIC_URL/],
    ['a public URL with a query', {HALLMARK_PUBLIC_URL: 'https://example.org/?x=1'}, /HALLMARK_PUBLIC_URL/],
    ['an unknown database scheme', {HALLMARK_DATABASE_URL: 'postgres://db/hallmark'}, /HALLMARK_DATABASE_URL/],
    ['a short admin token', {HALLMARK_ADMIN_TOKEN: 'short'}, /HALLMARK_ADMIN_TOKEN/],
    ['a short secret', {HALLMARK_SECRET: 'tooshort'}, /HALLMARK_SECRET/],
    ['a malformed allow-hosts entry', {HALLMARK_FETCH_ALLOW_HOSTS: '127.0.0.1'}, /HALLMARK_FETCH_ALLOW_HOSTS/],
    ['a relative npm upstream', {HALLMARK_NPM_UPSTREAM: 'registry.npmjs.org'}, /HALLMARK_NPM_UPSTREAM/],
    ['a non-http npm upstream', {HALLMARK_NPM_UPSTREAM: 'file:///srv/npm'}, /HALLMARK_NPM_UPSTREAM/],
    ['an npm upstream with credentials', {HALLMARK_NPM_UPSTREAM: 'https://user:pass@npm.example.org'}, /HALLMARK_NPM_UPSTREAM/],
    ['a non-numeric sweep interval', {HALLMARK_SWEEP_INTERVAL: '1h'}, /HALLMARK_SWEEP_INTERVAL/],
    ['a negative sweep interval', {HALLMARK_SWEEP_INTERVAL: '-5'}, /HALLMARK_SWEEP_INTERVAL/],
    ['a sweep interval over a week', {HALLMARK_SWEEP_INTERVAL: '604801'}, /HALLMARK_SWEEP_INTERVAL/],
    ['a non-numeric worker count', {HALLMARK_VERIFY_WORKERS: 'all'}, /HALLMARK_VERIFY_WORKERS/],
    ['a negative worker count', {HALLMARK_VERIFY_WORKERS: '-1'}, /HALLMARK_VERIFY_WORKERS/],
    ['a worker count over 64', {HALLMARK_VERIFY_WORKERS: '65'}, /HALLMARK_VERIFY_WORKERS/],
    ['an unknown federation mode', {HALLMARK_FEDERATION: 'closed'}, /HALLMARK_FEDERATION/],
    ['a federation mode in capitals', {HALLMARK_FEDERATION: 'OPEN'}, /HALLMARK_FEDERATION/],
    ['an admin token of 31 characters', {HALLMARK_ADMIN_TOKEN: 'a'.repeat(31)}, /HALLMARK_ADMIN_TOKEN.*32/],
    ['a listen address with a path', {HALLMARK_HOST: 'example.org/x'}, /HALLMARK_HOST/],
    ['a trusted proxy that is no address', {HALLMARK_TRUST_PROXY: 'everyone'}, /HALLMARK_TRUST_PROXY/],
    ['a malformed trusted range', {HALLMARK_TRUST_PROXY: '10.0.0.0/99'}, /HALLMARK_TRUST_PROXY/],
    ['zero connections', {HALLMARK_MAX_CONNECTIONS: '0'}, /HALLMARK_MAX_CONNECTIONS/],
    ['a non-numeric per-client cap', {HALLMARK_MAX_CONNECTIONS_PER_CLIENT: 'many'}, /HALLMARK_MAX_CONNECTIONS_PER_CLIENT/],
    ['a zero headers timeout', {HALLMARK_HEADERS_TIMEOUT: '0'}, /HALLMARK_HEADERS_TIMEOUT/],
    ['a headers timeout in minutes', {HALLMARK_HEADERS_TIMEOUT: '1m'}, /HALLMARK_HEADERS_TIMEOUT/],
    ['a request timeout over an hour', {HALLMARK_REQUEST_TIMEOUT: '3601'}, /HALLMARK_REQUEST_TIMEOUT/],
    ['a request timeout shorter than the headers timeout', {HALLMARK_HEADERS_TIMEOUT: '20', HALLMARK_REQUEST_TIMEOUT: '10'}, /HALLMARK_REQUEST_TIMEOUT.*HALLMARK_HEADERS_TIMEOUT/],
    ['an unknown log level', {HALLMARK_LOG_LEVEL: 'chatty'}, /HALLMARK_LOG_LEVEL/],
    ['both a secret and a secret file', {HALLMARK_SECRET: 's'.repeat(32), HALLMARK_SECRET_FILE: '/etc/hallmark/secret'}, /HALLMARK_SECRET_FILE/],
    ['an unknown rate limit', {HALLMARK_RATE_LIMITS: 'everything=5/1m'}, /HALLMARK_RATE_LIMITS.*unknown limit/],
    ['a rate limit without a window', {HALLMARK_RATE_LIMITS: 'verify=5'}, /HALLMARK_RATE_LIMITS/],
    ['a rate limit of zero points', {HALLMARK_RATE_LIMITS: 'verify=0/1m'}, /HALLMARK_RATE_LIMITS/],
    ['a rate-limit window over a day', {HALLMARK_RATE_LIMITS: 'verify=5/25h'}, /HALLMARK_RATE_LIMITS/],
  ];
  for (const [what, env, pattern] of bad) {
    it(`refuses ${what} with a message naming the variable`, () => {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && pattern.test(error.message));
    });
  }

  it('reads the policy sweep interval in seconds, 0 turning it off', () => {
    assert.equal(loadConfig({}).sweepIntervalSeconds, 3600);
    assert.equal(loadConfig({HALLMARK_SWEEP_INTERVAL: '0'}).sweepIntervalSeconds, 0);
    assert.equal(loadConfig({HALLMARK_SWEEP_INTERVAL: '90'}).sweepIntervalSeconds, 90);
  });

  it('reads the number of verification workers, one per core (at most 8) by default, 0 for none', () => {
    assert.equal(loadConfig({}).verifyWorkers, Math.min(availableParallelism(), 8));
    assert.equal(loadConfig({HALLMARK_VERIFY_WORKERS: '0'}).verifyWorkers, 0);
    assert.equal(loadConfig({HALLMARK_VERIFY_WORKERS: '12'}).verifyWorkers, 12);
  });

  it('reads the federation mode, allowlist by default', () => {
    assert.equal(loadConfig({}).federation, 'allowlist');
    for (const mode of ['open', 'allowlist', 'off'] as const) assert.equal(loadConfig({HALLMARK_FEDERATION: mode}).federation, mode);
  });

  it('accepts sqlite and mongodb database URLs', () => {
    assert.equal(loadConfig({HALLMARK_DATABASE_URL: 'sqlite:./x.db'}).databaseUrl, 'sqlite:./x.db');
    assert.equal(loadConfig({HALLMARK_DATABASE_URL: 'mongodb://db:27017/hallmark'}).databaseUrl, 'mongodb://db:27017/hallmark');
  });
});
