import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {resolve} from 'node:path';

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

  it('is listed in the usage text', async () => {
    const run = await hallmark(['--help']);
    assert.match(run.stdout, /--trusted-endorser <did>/);
  });
});
