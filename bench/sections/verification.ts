import {availableParallelism} from 'node:os';
import pMap from 'p-map';
import {DocumentResolver, MapDocumentSource, VERIFICATION_BUDGET} from '../../src/credentials/documents.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {VerificationPool} from '../../src/credentials/verify-pool/pool.ts';
import {unsignedCredential, type Json} from '../corpus.ts';
import {createReference} from '../reference.ts';
import {interleaved, rateRow, type Section} from '../section.ts';

/**
 * Cold: every credential is new to both sides (proof + schema + status,
 * the status list being the same one each time), and signed by the
 * reference stack, so Hallmark has not seen it before. Warm: one credential again
 * and again. Both sides must call every credential valid.
 */
export const section: Section = {
  name: 'Verification',
  async run({corpus, quick}) {
    const count = quick ? 150 : 800;
    const reference = await createReference(corpus);
    const sources = [new MapDocumentSource(new Map(Object.entries(corpus.documents)))];
    const resolver = new DocumentResolver(sources);
    // As IssuanceService stores them: the OB 3.0 schema wants proof as an array. Signed by the
    // reference stack (the same bytes signCredential gives: Ed25519 is deterministic), so that
    // nothing Hallmark remembers from signing them helps it verify them.
    const sign = async (n: number) => {
      // A `created` of its own too: proof options must not repeat between credentials either.
      const signed = await reference.issue(unsignedCredential(corpus, n), new Date(Date.UTC(2025, 0, 1) + n * 1000));
      return {...signed, proof: [signed.proof].flat()};
    };
    const ours: Json[] = [];
    const theirs: Json[] = [];
    // Index 7 is revoked in the corpus list; start past it so every verdict is "valid".
    for (let i = 0; i < count + 20; i++) {
      ours.push(await sign(300_000 + i));
      theirs.push(await sign(400_000 + i));
    }
    const oursValid = async (credential: Json) => {
      const report = await verify(credential, {resolver: resolver.withBudget(VERIFICATION_BUDGET)});
      if (report.status !== 'valid') throw new Error(`ours: ${JSON.stringify(report.errors)}`);
    };
    const referenceValid = async (credential: Json) => {
      if (!(await reference.verify(credential))) throw new Error('reference: not verified');
    };
    for (let i = count; i < count + 20; i++) {
      await oursValid(ours[i]);
      await referenceValid(theirs[i]);
    }
    const cold = await interleaved(count, (i) => oursValid(ours[i]), (i) => referenceValid(theirs[i]));
    const warm = await interleaved(count, () => oursValid(ours[0]), () => referenceValid(theirs[0]));
    // Fresh credentials for both sides again, against the reference as the issue's baseline configured it.
    const untagged = await createReference(corpus, {staticContexts: false});
    const fresh = (side: Json[], offset: number) => Promise.all(side.slice(0, count).map((_, i) => sign(offset + i)));
    const [ours2, theirs2] = [await fresh(ours, 500_000), await fresh(theirs, 600_000)];
    const baseline = await interleaved(count, (i) => oursValid(ours2[i]), async (i) => {
      if (!(await untagged.verify(theirs2[i]))) throw new Error('reference: not verified');
    });
    const pooled = await poolRates(resolver, await fresh(ours, 700_000), await fresh(theirs, 800_000), referenceValid);
    return {
      name: this.name,
      rows: [
        rateRow('cold verification (unique credentials; proof + schema + status)', cold, 'verify() vs vc.verifyCredential + status list verification + ajv'),
        rateRow('warm verification (the same credential again)', warm),
        rateRow('cold verification, reference loader without tag: static', baseline, 'the issue baseline configuration'),
        rateRow(
          `cold verification, pool of ${pooled.workers} worker threads`,
          pooled,
          `VerificationPool (what SBOM checks use) on ${pooled.workers} cores vs the reference on one; reports identical to verify()'s`,
        ),
      ],
    };
  },
};

/**
 * Unique credentials through a VerificationPool with a worker per core,
 * enough in flight to keep every worker busy, against the reference on one
 * core; in rounds, interleaved, as interleaved() does.
 */
async function poolRates(resolver: DocumentResolver, ours: Json[], theirs: Json[], referenceValid: (credential: Json) => Promise<void>) {
  const workers = availableParallelism();
  const pool = new VerificationPool(resolver, workers);
  try {
    await pool.ready();
    const pooledValid = async (credential: Json) => {
      const report = await pool.verify(credential);
      if (report.status !== 'valid') throw new Error(`pool: ${JSON.stringify(report.errors)}`);
    };
    // Each worker loads and warms its own caches and templates first.
    await Promise.all(ours.slice(0, 20 * workers).map(pooledValid));
    const measured = ours.slice(20 * workers);
    const rounds = 5;
    const perRound = Math.ceil(measured.length / rounds);
    let oursMs = 0;
    let referenceMs = 0;
    for (let start = 0; start < measured.length; start += perRound) {
      let t = performance.now();
      await pMap(measured.slice(start, start + perRound), pooledValid, {concurrency: 16 * workers});
      oursMs += performance.now() - t;
      t = performance.now();
      for (const credential of theirs.slice(start, start + perRound)) await referenceValid(credential);
      referenceMs += performance.now() - t;
    }
    const count = measured.length;
    return {workers, ours: (count * 1000) / oursMs, reference: (Math.min(count, theirs.length) * 1000) / referenceMs};
  } finally {
    await pool.close();
  }
}
