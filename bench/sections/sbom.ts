import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createHallmark} from '../../src/app.ts';
import {loadConfig} from '../../src/config.ts';
import type {Section} from '../section.ts';

const COMMUNITY = 'bench-vet';
const POLICY = {name: 'clean', criteria: 'safe-to-run', rules: [{kind: 'no-violations'}]};

/**
 * "Does every package of this SBOM hold a verifying badge?" for 1,000
 * packages: each package is evaluated under a policy through the product's
 * own evaluation service (which issues its badge, signed and stored), then
 * services.sbomCheck.check is timed — every badge credential read from the
 * store and verified through the one pipeline, status included, on the
 * verification pool's workers (started first, as the server does at start). The first
 * check follows setup (the badges were signed by this process moments
 * before); the second is the same SBOM again. The target: under a
 * second for 1,000 packages.
 */
export const section: Section = {
  name: 'SBOM check (1,000 packages)',
  async run({quick}) {
    const count = quick ? 100 : 1000;
    const dataDir = await mkdtemp(join(tmpdir(), 'hallmark-bench-sbom-'));
    const hallmark = await createHallmark(loadConfig({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef', HALLMARK_SWEEP_INTERVAL: '0', HALLMARK_LOG_LEVEL: 'warn'}));
    try {
      const {vetting, policies, sbomCheck, verifyPool} = hallmark.services;
      // As `hallmark serve` does when it starts.
      await verifyPool.ready();
      await vetting.communities.create({slug: COMMUNITY, name: 'Bench vetting', ecosystems: ['npm'], acceptance: {endorsements: 0}});
      await policies.policies.publish({kind: 'admin'}, COMMUNITY, POLICY);
      const purls = Array.from({length: count}, (_, i) => `pkg:npm/bench-package-${i}@1.0.${i % 7}`);
      const setupStarted = performance.now();
      for (const purl of purls) {
        const outcome = await policies.evaluations.evaluate({kind: 'admin'}, COMMUNITY, POLICY.name, purl);
        if (!outcome.evaluation.passed) return {name: this.name, notAvailable: `evaluating ${purl} did not pass: the bench policy no longer fits the evaluation rules`};
      }
      const setupSeconds = (performance.now() - setupStarted) / 1000;
      const sbom = {bomFormat: 'CycloneDX', specVersion: '1.6', components: purls.map((purl) => ({type: 'library', purl}))};
      const requirements = [{community: COMMUNITY, policy: POLICY.name}];
      const timed = async () => {
        const started = performance.now();
        const result = await sbomCheck.check(sbom, requirements);
        const ms = performance.now() - started;
        if (!result.passed || result.summary.meeting !== count) throw new Error(`SBOM check: ${result.summary.meeting} of ${count} packages meet the policy`);
        return ms;
      };
      const cold = await timed();
      const warm = await timed();
      const note = `${count} packages; setup (evaluating and issuing ${count} badges) took ${setupSeconds.toFixed(1)} s`;
      return {
        name: this.name,
        rows: [
          {metric: `SBOM check of ${count} packages, first after setup`, unit: 'ms', ours: cold, note},
          {metric: `SBOM check of ${count} packages, again`, unit: 'ms', ours: warm},
        ],
      };
    } finally {
      await hallmark.close();
      await rm(dataDir, {recursive: true, force: true});
    }
  },
};
