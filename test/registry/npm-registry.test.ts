import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {spawn} from 'node:child_process';
import {createServer} from 'node:http';
import {once} from 'node:events';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {create as createTar} from 'tar';
import ssri from 'ssri';
import {COMMUNITY, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';

/**
 * The policy-filtered npm registry against a real upstream stand-in on
 * loopback (packuments and tarballs served from files, tarballs built here),
 * and the real npm CLI installing through it.
 */
const POLICY = 'reviewed';

interface Upstream {
  url: string;
  requests: string[];
  close(): void;
}

/** Writes a real package tarball and returns its integrity and sha1. */
async function buildTarball(dir: string, name: string, version: string, out: string): Promise<{integrity: string; shasum: string}> {
  const root = join(dir, 'build', `${name.replace('/', '__')}-${version}`);
  await mkdir(join(root, 'package'), {recursive: true});
  await writeFile(join(root, 'package', 'package.json'), JSON.stringify({name, version, main: 'index.js'}));
  await writeFile(join(root, 'package', 'index.js'), `module.exports = ${JSON.stringify(`${name}@${version}`)};\n`);
  await createTar({gzip: true, cwd: root, file: out, portable: true, mtime: new Date('2020-01-01')}, ['package']);
  const bytes = await readFile(out);
  return {integrity: ssri.fromData(bytes, {algorithms: ['sha512']}).toString(), shasum: createHash('sha1').update(bytes).digest('hex')};
}

/** A registry stand-in: GET /<name> gives files/<name>.json, GET /<name>/-/<file> gives files/<file>. */
async function startUpstream(dir: string, packages: Record<string, {versions: string[]; latest: string; tamper?: string}>): Promise<Upstream> {
  const files = join(dir, 'upstream');
  await mkdir(files, {recursive: true});
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    requests.push(path);
    const tarball = /^(.+)\/-\/([^/]+\.tgz)$/.exec(path);
    const file = tarball ? join(files, tarball[2]) : join(files, `${path.replace('/', '__')}.json`);
    try {
      const body = await readFile(file);
      res.writeHead(200, {'content-type': tarball ? 'application/octet-stream' : 'application/json'}).end(body);
    } catch {
      res.writeHead(404, {'content-type': 'application/json'}).end('{"error":"Not found"}');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
  for (const [name, {versions, latest, tamper}] of Object.entries(packages)) {
    const manifests: Record<string, unknown> = {};
    for (const version of versions) {
      const bare = name.split('/').pop() as string;
      const file = `${bare}-${version}.tgz`;
      const {integrity, shasum} = await buildTarball(dir, name, version, join(files, file));
      // A tampered version's packument names other bytes than the tarball holds.
      const listed = version === tamper ? ssri.fromData(Buffer.from('other bytes'), {algorithms: ['sha512']}).toString() : integrity;
      manifests[version] = {name, version, dist: {tarball: `${url}/${name}/-/${file}`, integrity: listed, shasum}};
    }
    await writeFile(join(files, `${name.replace('/', '__')}.json`), JSON.stringify({name, 'dist-tags': {latest}, versions: manifests, modified: '2024-01-01T00:00:00.000Z'}));
  }
  return {url, requests, close: () => server.close()};
}

function npm(args: string[], cwd: string): Promise<{code: number | null; output: string}> {
  const child = spawn('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier', '--cache', join(cwd, '.npm-cache'), '--userconfig', join(cwd, '.npmrc'), '--loglevel', 'error'],
    {cwd, env: {...process.env, npm_config_registry: ''}, stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return once(child, 'close').then(([code]) => ({code: code as number | null, output}));
}

describe('policy-filtered npm registry', () => {
  let dir: string;
  let upstream: Upstream;
  let listening: Listening<PolicyFixture>;
  let t: PolicyFixture;
  let registry: string;
  const credentials: Record<string, string> = {};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-registry-'));
    upstream = await startUpstream(dir, {
      'left-pad': {versions: ['1.2.0', '1.3.0', '1.4.0'], latest: '1.4.0'},
      '@scope/thing': {versions: ['2.0.0'], latest: '2.0.0'},
      'tampered': {versions: ['1.0.0'], latest: '1.0.0', tamper: '1.0.0'},
      'unvetted': {versions: ['0.1.0'], latest: '0.1.0'},
    });
    listening = await listeningHallmark(startPolicyFixture, () => ({HALLMARK_NPM_UPSTREAM: upstream.url}));
    t = listening.t;
    registry = `${listening.base}/registry/npm/${COMMUNITY}/${POLICY}`;
    assert.equal((await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send({name: POLICY, criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]})).status, 201);
    for (const purl of ['pkg:npm/left-pad@1.3.0', 'pkg:npm/%40scope/thing@2.0.0', 'pkg:npm/tampered@1.0.0']) {
      await t.review('alice', {purl});
      const evaluated = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/${POLICY}/evaluate`).set(t.as.mem).send({purl});
      assert.equal(evaluated.body.evaluation.passed, true);
      credentials[purl] = evaluated.body.credential.id;
    }
  });
  after(async () => {
    upstream?.close();
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  const path = (rest: string) => `/registry/npm/${COMMUNITY}/${POLICY}/${rest}`;

  it('serves the upstream packument with only the vetted versions, latest moved to the newest of them, tarballs through itself', async () => {
    const response = await t.http.get(path('left-pad'));
    assert.equal(response.status, 200);
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.deepEqual(Object.keys(response.body.versions), ['1.3.0']);
    assert.deepEqual(response.body['dist-tags'], {latest: '1.3.0'});
    assert.equal(response.body.versions['1.3.0'].dist.tarball, `${registry}/left-pad/-/left-pad-1.3.0.tgz`);
    const scoped = await t.http.get(path('@scope%2fthing'));
    assert.equal(scoped.status, 200);
    assert.equal(scoped.body.versions['2.0.0'].dist.tarball, `${registry}/@scope%2Fthing/-/thing-2.0.0.tgz`);
    assert.equal((await t.http.get(path('@scope/thing'))).status, 200, 'the unencoded form too');
    const before = upstream.requests.filter((request) => request === 'left-pad').length;
    await t.http.get(path('left-pad'));
    assert.equal(upstream.requests.filter((request) => request === 'left-pad').length, before, 'the upstream document is cached');
  });

  it('answers 404 naming the policy for a package without a passing version, or a policy that does not exist', async () => {
    const none = await t.http.get(path('unvetted'));
    assert.equal(none.status, 404);
    assert.equal(none.body.error, `no version of unvetted holds a valid badge under the policy ${COMMUNITY}/${POLICY}`);
    const noPolicy = await t.http.get(`/registry/npm/${COMMUNITY}/no-such-policy/left-pad`);
    assert.equal(noPolicy.status, 404);
    assert.match(noPolicy.body.error, /js-vet\/no-such-policy does not exist/);
    assert.equal((await t.http.get(path('no-such-package'))).status, 404);
  });

  it('proxies tarballs only of passing versions, and only when they match the upstream integrity', async () => {
    const tarball = await t.http.get(path('left-pad/-/left-pad-1.3.0.tgz')).buffer(true);
    assert.equal(tarball.status, 200);
    const listed = JSON.parse(await readFile(join(dir, 'upstream', 'left-pad.json'), 'utf8')).versions['1.3.0'].dist.integrity;
    assert.ok(ssri.checkData(tarball.body as Buffer, listed));
    assert.equal((await t.http.get(path('left-pad/-/left-pad-1.4.0.tgz'))).status, 404, 'an unvetted version');
    const tampered = await t.http.get(path('tampered/-/tampered-1.0.0.tgz'));
    assert.equal(tampered.status, 503);
    assert.match(tampered.body.error, /does not match the integrity/);
  });

  it('refuses malformed names and paths with a 400', async () => {
    for (const rest of ['..%2f..%2fetc', 'UPPER', `${'a'.repeat(215)}`, 'left-pad/-/..%2f..%2fsecret.tgz', '-/v1/search']) {
      const response = await t.http.get(path(rest));
      assert.equal(response.status, 400, rest);
      assert.equal(typeof response.body.error, 'string');
    }
    assert.equal((await t.http.get('/registry/npm/Bad_Slug/reviewed/left-pad')).status, 400);
  });

  it('npm install: a vetted version installs, an unvetted one does not, and after a revocation the next install no longer resolves it', async () => {
    const project = join(dir, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({name: 'app', version: '1.0.0', private: true}));
    await writeFile(join(project, '.npmrc'), `registry=${registry}/\n`);
    const vetted = await npm(['install', 'left-pad', '@scope/thing'], project);
    assert.equal(vetted.code, 0, vetted.output);
    assert.equal(JSON.parse(await readFile(join(project, 'node_modules/left-pad/package.json'), 'utf8')).version, '1.3.0', 'latest is the newest vetted version');
    assert.equal(JSON.parse(await readFile(join(project, 'node_modules/@scope/thing/package.json'), 'utf8')).version, '2.0.0');
    const unvetted = await npm(['install', 'left-pad@1.4.0'], project);
    assert.notEqual(unvetted.code, 0);
    assert.match(unvetted.output, /No matching version|ETARGET/);

    const revoked = await t.http.post(`/issuers/${COMMUNITY}/credentials/status`).set(t.admin)
      .send({credentialId: credentials['pkg:npm/left-pad@1.3.0'], credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal((await t.http.get(path('left-pad'))).status, 404, 'the very next request');
    await rm(join(project, 'node_modules'), {recursive: true, force: true});
    await rm(join(project, 'package-lock.json'), {force: true});
    const after = await npm(['install', 'left-pad@1.3.0'], project);
    assert.notEqual(after.code, 0, after.output);
    assert.match(after.output, /404|no version of left-pad holds a valid badge/);
  });
});
