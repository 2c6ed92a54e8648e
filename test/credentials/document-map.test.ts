import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadDocumentMap} from '../../src/credentials/document-map.ts';

describe('offline document maps (--documents)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-documents-'));
    await mkdir(join(dir, 'lists'));
    await writeFile(join(dir, 'lists', 'revocations'), JSON.stringify({id: 'https://status.example/1'}));
    await writeFile(join(dir, 'urlmap.json'), JSON.stringify({'https://status.example/1': 'lists/revocations'}));
    await writeFile(join(dir, 'broken.json'), JSON.stringify({'https://status.example/2': 'missing'}));
    await writeFile(join(dir, 'badge.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    await writeFile(join(dir, 'images.json'), JSON.stringify({'https://issuer.example/badge.png': 'badge.png', 'https://status.example/1': 'lists/revocations'}));
  });
  after(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('reads a directory holding urlmap.json, and the map file itself', async () => {
    for (const path of [dir, join(dir, 'urlmap.json')]) {
      const source = await loadDocumentMap(path);
      assert.deepEqual(await source.get('https://status.example/1'), {id: 'https://status.example/1'});
      assert.equal(await source.get('https://status.example/other'), undefined);
    }
  });

  it('says which entry is broken', async () => {
    await assert.rejects(loadDocumentMap(join(dir, 'broken.json')), /missing/);
  });

  it('keeps image files as bytes (OB 2.0 documents link badge images) and reads the rest as JSON', async () => {
    const source = await loadDocumentMap(join(dir, 'images.json'));
    assert.equal(await source.get('https://issuer.example/badge.png'), undefined);
    assert.deepEqual([...(await source.bytes('https://issuer.example/badge.png')) ?? []].slice(0, 4), [0x89, 0x50, 0x4e, 0x47]);
    assert.deepEqual(await source.get('https://status.example/1'), {id: 'https://status.example/1'});
    assert.equal(await source.bytes('https://status.example/1'), undefined);
  });
});
