import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DocumentResolver, DocumentUnavailableError, MapDocumentSource } from '../../src/credentials/documents.ts';
import { parseAllowHosts } from '../../src/net/allow-hosts.ts';
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

  test('says why a document could not be obtained (the fetcher\'s reason), as DocumentUnavailableError: checks needing it are indeterminate', async () => {
    await assert.rejects(source.get(server.url('/missing')), (error: unknown) => {
      assert.ok(error instanceof DocumentUnavailableError);
      assert.match(error.reason, /404/);
      return true;
    });
    await assert.rejects(source.get('file:///etc/passwd'), (error: unknown) => error instanceof DocumentUnavailableError && /file:/.test(error.reason));
  });

  test('hands a related resource\'s bytes over as fetched, and refuses what the fetcher refuses', async () => {
    const bytes = await source.bytes(server.url('/.well-known/did.json'));
    assert.deepEqual(JSON.parse(Buffer.from(bytes).toString('utf8')), didDocument);
    await assert.rejects(source.bytes(server.url('/missing')), DocumentUnavailableError);
    await assert.rejects(source.bytes('http://10.0.0.7/x'), DocumentUnavailableError);
  });

  test('serves as the last source of a DocumentResolver', async () => {
    const local = new MapDocumentSource(new Map([['urn:local', { local: true }]]));
    const resolver = new DocumentResolver([local, source]);
    assert.deepEqual(await resolver.resolve('urn:local'), { local: true });
    assert.deepEqual(await resolver.resolve(server.url('/.well-known/did.json')), didDocument);
  });
});
