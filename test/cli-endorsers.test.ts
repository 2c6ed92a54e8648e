import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {join, resolve} from 'node:path';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {CONTEXTS} from '../src/credentials/contexts.ts';
import {badge, createIssuer, sign} from './credentials/helpers/signing.ts';

const CLI = resolve(import.meta.dirname, '../src/cli.ts');

async function hallmark(args: string[], env: Record<string, string> = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  const child = spawn(process.execPath, [CLI, ...args], {env: {...process.env, ...env}, stdio: ['pipe', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end('');
  const [code] = await once(child, 'close');
  return {code: code as number | null, stdout, stderr};
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
      const endorsement = await sign({
        '@context': [CONTEXTS.credentialsV2, CONTEXTS.ob],
        id: 'urn:uuid:9b1e7c2a-1111-4a2b-8c3d-000000000001',
        type: ['VerifiableCredential', 'EndorsementCredential'],
        name: 'Endorsement',
        issuer: {id: endorser.id, type: ['Profile'], name: 'Endorsing Org'},
        validFrom: '2024-01-01T00:00:00Z',
        credentialSubject: {id: issuer.id, type: ['EndorsementSubject'], endorsementComment: 'Sound.'},
      }, endorser);
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

  it('is listed in the usage text', async () => {
    const run = await hallmark(['--help']);
    assert.match(run.stdout, /--trusted-endorser <did>/);
  });
});
