import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {CONTEXTS} from '../src/credentials/contexts.ts';
import {badge, createIssuer, sign, type TestIssuer} from './credentials/helpers/signing.ts';
import {hallmark as runCli, type Run} from './helpers/cli.ts';
import {startHallmark} from './helpers/hallmark.ts';
import {listeningHallmark} from './helpers/listening.ts';


const hallmark = (args: string[], env: Record<string, string> = {}): Promise<Run> => runCli(args, {env});

/** An EndorsementCredential of `issuer`, signed by `endorser` under `name`. */
function endorse(issuer: TestIssuer, endorser: TestIssuer, name: string, serial: number) {
  return sign({
    '@context': [CONTEXTS.credentialsV2, CONTEXTS.ob],
    id: `urn:uuid:9b1e7c2a-1111-4a2b-8c3d-${String(serial).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsement',
    issuer: {id: endorser.id, type: ['Profile'], name},
    validFrom: '2024-01-01T00:00:00Z',
    credentialSubject: {id: issuer.id, type: ['EndorsementSubject'], endorsementComment: 'Sound.'},
  }, endorser);
}

describe('hallmark verify --trusted-endorser', () => {
  it('refuses a value that is not a DID, before reading any input', async () => {
    const run = await hallmark(['verify', '/nonexistent.json', '--trusted-endorser', 'did:web:ok.example', '--trusted-endorser', 'https://fsfe.org']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"https:\/\/fsfe\.org" is not a DID/);
  });

  it('refuses a malformed HALLMARK_TRUSTED_ENDORSERS the same way', async () => {
    const run = await hallmark(['verify', '/nonexistent.json'], {HALLMARK_TRUSTED_ENDORSERS: 'fsfe'});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /HALLMARK_TRUSTED_ENDORSERS/);
  });

  it('prints an embedded endorsement, trusted only when its endorser is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hallmark-cli-endorsers-'));
    try {
      const issuer = await createIssuer();
      const endorser = await createIssuer();
      const endorsement = await endorse(issuer, endorser, 'Endorsing Org', 1);
      const unsigned = badge(issuer);
      unsigned.endorsement = [endorsement];
      const file = join(dir, 'credential.json');
      await writeFile(file, JSON.stringify(await sign(unsigned, issuer)));
      await writeFile(join(dir, 'map.json'), '{}');
      const untrusted = await hallmark(['verify', file, '--documents', join(dir, 'map.json')]);
      assert.equal(untrusted.code, 0, untrusted.stderr + untrusted.stdout);
      assert.match(untrusted.stdout, /endorsed by Endorsing Org <did:key:\S+> \(issuer\): verified\n/);
      const trusted = await hallmark(['verify', file, '--documents', join(dir, 'map.json'), '--trusted-endorser', endorser.id]);
      assert.match(trusted.stdout, /endorsed by Endorsing Org <did:key:\S+> \(issuer\): verified, trusted/);
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });

  it('asks the --server (or HALLMARK_SERVER) for the endorsements it knows, and verifies them here', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hallmark-cli-server-'));
    const listening = await listeningHallmark(startHallmark);
    try {
      const issuer = await createIssuer();
      const endorser = await createIssuer();
      const endorsement = await endorse(issuer, endorser, 'Known Org', 2);
      const registered = await listening.t.http.post('/api/v1/endorsements').set(listening.t.admin).send({verifiableCredential: endorsement});
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      const file = join(dir, 'credential.json');
      await writeFile(file, JSON.stringify(await sign(badge(issuer), issuer)));
      const alone = await hallmark(['verify', file]);
      assert.equal(alone.code, 0, alone.stderr + alone.stdout);
      assert.doesNotMatch(alone.stdout, /endorsed by/);
      const asked = await hallmark(['verify', file, '--server', listening.base]);
      assert.equal(asked.code, 0, asked.stderr + asked.stdout);
      assert.match(asked.stdout, /endorsed by Known Org <did:key:\S+> \(issuer\): verified\n/);
      const viaEnv = await hallmark(['verify', file], {HALLMARK_SERVER: listening.base});
      assert.match(viaEnv.stdout, /endorsed by Known Org/);
      const unreachable = await hallmark(['verify', file, '--server', 'http://127.0.0.1:9', '--json']);
      assert.equal(unreachable.code, 0, 'an unreachable server changes no verdict');
      assert.ok(JSON.parse(unreachable.stdout).warnings.some((warning: string) => /endorsements known to this verifier could not be read/.test(warning)));
      const offline = await hallmark(['verify', file, '--server', listening.base, '--documents', dir]);
      assert.equal(offline.code, 2);
      assert.match(offline.stderr, /cannot be combined with --server/);
      const badInclude = await listening.t.http.get(`/api/v1/endorsements?target=${encodeURIComponent(issuer.id)}&include=everything`);
      assert.equal(badInclude.status, 400);
    } finally {
      await listening.close();
      await rm(dir, {recursive: true, force: true});
    }
  });

  it('is listed in the usage text', async () => {
    const run = await hallmark(['--help']);
    assert.match(run.stdout, /--trusted-endorser <did>/);
    assert.match(run.stdout, /--server URL/);
    assert.match(run.stdout, /3 indeterminate/);
  });
});
