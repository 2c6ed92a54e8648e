import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {DocumentResolver, DocumentUnavailableError, MapDocumentSource, type DocumentSource} from '../../src/credentials/documents.ts';

function countingSource(documents: Record<string, unknown>): DocumentSource & {asked: string[]} {
  const asked: string[] = [];
  return {
    asked,
    async get(url) {
      asked.push(url);
      return documents[url];
    },
  };
}

describe('document resolution', () => {
  it('tries sources in order and says when none has the document', async () => {
    const first = new MapDocumentSource(new Map([['https://a.example/', {from: 'first'}]]));
    const second = new MapDocumentSource(new Map([['https://a.example/', {from: 'second'}], ['https://b.example/', {from: 'second'}]]));
    const resolver = new DocumentResolver([first, second]);
    assert.deepEqual(await resolver.resolve('https://a.example/'), {from: 'first'});
    assert.deepEqual(await resolver.resolve('https://b.example/'), {from: 'second'});
    await assert.rejects(resolver.resolve('https://c.example/'), DocumentUnavailableError);
  });

  it('asks for each document once within a budgeted verification', async () => {
    const source = countingSource({'https://a.example/': {ok: true}});
    const resolver = new DocumentResolver([source]).withBudget({maxDocuments: 4, timeoutMs: 1_000});
    await Promise.all([resolver.resolve('https://a.example/'), resolver.resolve('https://a.example/'), resolver.resolve('https://a.example/')]);
    assert.deepEqual(source.asked, ['https://a.example/']);
  });

  it('refuses documents beyond the budget', async () => {
    const source = countingSource({});
    const resolver = new DocumentResolver([source]).withBudget({maxDocuments: 2, timeoutMs: 1_000});
    await assert.rejects(resolver.resolve('https://1.example/'));
    await assert.rejects(resolver.resolve('https://2.example/'));
    await assert.rejects(resolver.resolve('https://3.example/'), /at most 2 documents/);
    assert.equal(source.asked.length, 2, 'the third was never asked for');
  });

  it('gives up when the verification runs out of time', async () => {
    let answered = false;
    const slow: DocumentSource = {get: () => new Promise((resolve) => setTimeout(() => resolve({late: (answered = true)}), 2_000))};
    const resolver = new DocumentResolver([slow]).withBudget({maxDocuments: 4, timeoutMs: 100});
    await assert.rejects(resolver.resolve('https://slow.example/'), /ran out/);
    // Timers fire in order however loaded the machine: giving up at 100 ms came before the 2 s answer.
    assert.equal(answered, false, 'it waited for the slow source instead of giving up');
  });

  it('gives each budgeted view its own memory and budget', async () => {
    const source = countingSource({'https://a.example/': {n: 1}});
    const base = new DocumentResolver([source]);
    await base.withBudget({maxDocuments: 1, timeoutMs: 1_000}).resolve('https://a.example/');
    await base.withBudget({maxDocuments: 1, timeoutMs: 1_000}).resolve('https://a.example/');
    assert.equal(source.asked.length, 2);
  });
});
