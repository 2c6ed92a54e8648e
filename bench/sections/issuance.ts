import {signCredential} from '../../src/credentials/sign.ts';
import {unsignedCredential} from '../corpus.ts';
import {createReference} from '../reference.ts';
import {interleaved, rateRow, type Section} from '../section.ts';

/** Signing unique OB 3.0 credentials with eddsa-rdfc-2022: signCredential vs vc.issue. */
export const section: Section = {
  name: 'Issuance',
  async run({corpus, quick}) {
    const count = quick ? 150 : 1000;
    const reference = await createReference(corpus);
    const ours = Array.from({length: count + 20}, (_, i) => unsignedCredential(corpus, 100_000 + i));
    const theirs = Array.from({length: count + 20}, (_, i) => unsignedCredential(corpus, 200_000 + i));
    for (let i = count; i < count + 20; i++) {
      await signCredential(ours[i], corpus.key, 'DataIntegrityProof');
      await reference.issue(theirs[i]);
    }
    const rates = await interleaved(
      count,
      (i) => signCredential(ours[i], corpus.key, 'DataIntegrityProof'),
      (i) => reference.issue(theirs[i]),
    );
    const untagged = await createReference(corpus, {staticContexts: false});
    const baseline = await interleaved(
      count,
      (i) => signCredential(ours[i], corpus.key, 'DataIntegrityProof'),
      (i) => untagged.issue(theirs[i]),
    );
    return {
      name: this.name,
      rows: [
        rateRow('issuance (unique credentials, eddsa-rdfc-2022)', rates, 'signCredential vs vc.issue, same key and static loader'),
        rateRow('issuance, reference loader without tag: static', baseline, 'the issue baseline configuration'),
      ],
    };
  },
};
