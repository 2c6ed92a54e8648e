import {signCredential} from '../../src/credentials/sign.ts';
import {unsignedCredential, type Json} from '../corpus.ts';
import {createReference} from '../reference.ts';
import {interleaved, rateRow, type Section} from '../section.ts';

/**
 * Signing unique OB 3.0 credentials with eddsa-rdfc-2022: signCredential vs
 * vc.issue. Every credential, and every proof's `created`, is new, so
 * nothing remembered for one helps the next.
 */
export const section: Section = {
  name: 'Issuance',
  async run({corpus, quick}) {
    const count = quick ? 150 : 1000;
    const batch = (offset: number) => Array.from({length: count + 20}, (_, i) => ({credential: unsignedCredential(corpus, offset + i), created: createdAt(offset + i)}));
    const ours = (items: Array<{credential: Json; created: Date}>) => (i: number) => signCredential(items[i].credential, corpus.key, 'DataIntegrityProof', items[i].created);
    const theirs = (reference: Awaited<ReturnType<typeof createReference>>, items: Array<{credential: Json; created: Date}>) => (i: number) =>
      reference.issue(items[i].credential, items[i].created);
    const reference = await createReference(corpus);
    const [mine, yours] = [batch(100_000), batch(200_000)];
    for (let i = count; i < count + 20; i++) {
      await ours(mine)(i);
      await theirs(reference, yours)(i);
    }
    const rates = await interleaved(count, ours(mine), theirs(reference, yours));
    const untagged = await createReference(corpus, {staticContexts: false});
    const baseline = await interleaved(count, ours(batch(700_000)), theirs(untagged, batch(800_000)));
    return {
      name: this.name,
      rows: [
        rateRow('issuance (unique credentials, eddsa-rdfc-2022)', rates, 'signCredential vs vc.issue, same key and static loader'),
        rateRow('issuance, reference loader without tag: static', baseline, 'the issue baseline configuration'),
      ],
    };
  },
};

function createdAt(n: number): Date {
  return new Date(Date.UTC(2025, 0, 1) + n * 1000);
}
