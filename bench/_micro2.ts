import {createCorpus, unsignedCredential} from './corpus.ts';
import {signCredential} from '../src/credentials/sign.ts';
import {verify} from '../src/credentials/verify/index.ts';
import {DocumentResolver, MapDocumentSource, VERIFICATION_BUDGET} from '../src/credentials/documents.ts';
const corpus = await createCorpus();
const N = 2000;
const signed: Record<string, unknown>[] = [];
for (let i = 0; i < 3 * N; i++) { const s = await signCredential(unsignedCredential(corpus, 1000 + i), corpus.key, 'DataIntegrityProof'); signed.push({...s, proof: [s.proof]}); }
const resolver = new DocumentResolver([new MapDocumentSource(new Map(Object.entries(corpus.documents)))]);
const time = async (label: string, f: (i: number) => Promise<unknown>) => { const t = performance.now(); for (let i = 0; i < N; i++) await f(i); console.log(label, ((performance.now() - t) / N * 1000).toFixed(1), 'µs'); };
await time('warmup', (i) => verify(signed[i], {resolver: resolver.withBudget(VERIFICATION_BUDGET)}));
await time('no status', (i) => verify(signed[N + i], {resolver: resolver.withBudget(VERIFICATION_BUDGET), checkStatus: false}));
await time('with status', (i) => verify(signed[2 * N + i], {resolver: resolver.withBudget(VERIFICATION_BUDGET)}));
await time('list only', () => verify(corpus.statusList, {resolver: resolver.withBudget(VERIFICATION_BUDGET), checkStatus: false}));
