import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DocumentResolver, MapDocumentSource } from '../../src/credentials/documents.ts';
import { parseAllowHosts } from '../../src/net/allow-hosts.ts';
import { FetchError } from '../../src/net/errors.ts';
import { FetcherDocumentSource } from '../../src/credentials/fetched-documents.ts';
import { Fetcher } from '../../src/net/fetcher.ts';
import { startServer, type TestServer } from './servers.ts';

const didDocument = { '@context': 'https://www.w3.org/ns/did/v1', id: 'did:web:issuer.example' };

let server: TestServer;
let source: FetcherDocumentSource;

before(async () => {
  server = await startServer((request, response) => {
    if (request.url === '/.well-known/did.json') {
      response.setHeader('content-type', 'application/did+json');
      response.end(JSON.stringify(didDocument));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  source = new FetcherDocumentSource(new Fetcher({ allowHosts: parseAllowHosts(`127.0.0.1:${server.port}`) }));
});

after(() => server.close());

describe('FetcherDocumentSource', () => {
  test('returns the fetched JSON document', async () => {
    assert.deepEqual(await source.get(server.url('/.well-known/did.json')), didDocument);
  });

  test('lets the FetchError through so the caller can say why', async () => {
    await assert.rejects(source.get(server.url('/missing')), (error: unknown) => {
      assert.ok(error instanceof FetchError);
      assert.equal(error.reason, 'http-status');
      assert.equal(error.status, 404);
      return true;
    });
    await assert.rejects(source.get('file:///etc/passwd'), { name: 'FetchError', reason: 'bad-url' });
  });

  test('serves as the last source of a DocumentResolver', async () => {
    const local = new MapDocumentSource(new Map([['urn:local', { local: true }]]));
    const resolver = new DocumentResolver([local, source]);
    assert.deepEqual(await resolver.resolve('urn:local'), { local: true });
    assert.deepEqual(await resolver.resolve(server.url('/.well-known/did.json')), didDocument);
  });
});
