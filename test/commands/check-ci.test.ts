import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {createRequire} from 'node:module';
import {parse as parseYaml} from 'yaml';
import {XMLParser, XMLValidator} from 'fast-xml-parser';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';
import {hallmark} from '../helpers/cli.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';

const NO_ENV = {HALLMARK_SERVER: '', HALLMARK_TOKEN: ''};
const ROOT = resolve(import.meta.dirname, '../..');
const POLICY = `${COMMUNITY}/reviewed`;

/** The official SARIF 2.1.0 schema (draft-04), as Microsoft's @microsoft/jest-sarif ships it. */
function sarifValidator() {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(require('node:fs').readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The schema's patterns are written for ECMAScript without the u flag.
  const ajv = new Ajv04.default({allErrors: true, strict: false, unicodeRegExp: false});
  addFormats.default(ajv as never);
  return ajv.compile(schema);
}

describe('hallmark check for CI: exit codes, SARIF, JUnit, Markdown and the ready-made workflows', () => {
  let t: PolicyFixture;
  let listening: Listening<PolicyFixture>;
  let base: string;
  let dir: string;
  let passing: string;
  let failing: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-check-ci-'));
    listening = await listeningHallmark(startPolicyFixture);
    ({t, base} = listening);
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew).send({name: 'reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]});
    await t.review('alice');
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/reviewed/evaluate`).set(t.as.mem).send({purl: RELEASE});
    const lockfile = (packages: Record<string, {version: string}>) => JSON.stringify({lockfileVersion: 3, packages: {'': {name: 'app'}, ...packages}}, null, 2);
    passing = join(dir, 'passing-lock.json');
    failing = join(dir, 'failing-lock.json');
    await writeFile(passing, lockfile({'node_modules/left-pad': {version: '1.3.0'}}));
    await writeFile(failing, lockfile({'node_modules/left-pad': {version: '1.3.0'}, 'node_modules/is-odd': {version: '3.0.1'}, 'node_modules/@scope/thing': {version: '1.0.0'}}));
  });
  after(async () => {
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  it('exits 2 naming a policy that does not exist, 1 when a dependency fails', async () => {
    const missing = await hallmark(['check', passing, '--policy', `${COMMUNITY}/reviewd`, '--server', base], {env: NO_ENV});
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /js-vet\/reviewd does not exist/);
    assert.equal(missing.stdout, '');
    const fails = await hallmark(['check', failing, '--policy', POLICY, '--server', base], {env: NO_ENV});
    assert.equal(fails.code, 1);
    const bad = await hallmark(['check', passing, '--policy', POLICY, '--format', 'yaml', '--server', base], {env: NO_ENV});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be one of/);
  });

  it('writes SARIF 2.1.0 that the official schema accepts, one error result per failing dependency at its line', async () => {
    const run = await hallmark(['check', failing, '--policy', POLICY, '--server', base, '--format', 'sarif'], {env: NO_ENV});
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as {version: string; runs: Array<{results: any[]}>};
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    const [runLog] = log.runs;
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(runLog.results.map((result: {ruleId: string; level: string}) => [result.ruleId, result.level]), [['hallmark/policy-not-met', 'error'], ['hallmark/policy-not-met', 'error']]);
    const text = await readFile(failing, 'utf8');
    const isOdd = runLog.results.find((result: {properties: {purl: string}}) => result.properties.purl === 'pkg:npm/is-odd@3.0.1');
    assert.equal(isOdd.locations[0].physicalLocation.artifactLocation.uri, failing);
    assert.equal(text.split('\n')[isOdd.locations[0].physicalLocation.region.startLine - 1].includes('is-odd'), true);
    const clean = await hallmark(['check', passing, '--policy', POLICY, '--server', base, '--format', 'sarif'], {env: NO_ENV});
    assert.equal(clean.code, 0);
    assert.deepEqual(JSON.parse(clean.stdout).runs[0].results, []);
  });

  it('writes JUnit XML a parser reads: one testcase per package, failures for those that fail', async () => {
    const output = join(dir, 'junit.xml');
    const run = await hallmark(['check', failing, '--policy', POLICY, '--server', base, '--format', 'junit', '--output', output], {env: NO_ENV});
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAIL pkg:npm\/is-odd@3\.0\.1/m, 'the text lines still go to the log');
    const xml = await readFile(output, 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const document = new XMLParser({ignoreAttributes: false, isArray: (name) => name === 'testcase'}).parse(xml);
    const suite = document.testsuites.testsuite;
    assert.equal(suite['@_tests'], '3');
    assert.equal(suite['@_failures'], '2');
    const cases = suite.testcase as Array<Record<string, unknown>>;
    assert.deepEqual(cases.map((testcase) => [testcase['@_name'], 'failure' in testcase]), [
      ['pkg:npm/left-pad@1.3.0', false], ['pkg:npm/is-odd@3.0.1', true], ['pkg:npm/%40scope/thing@1.0.0', true],
    ]);
  });

  it('appends the Markdown table to a job summary', async () => {
    const summary = join(dir, 'summary.md');
    await writeFile(summary, '# Earlier step\n');
    const run = await hallmark(['check', failing, '--policy', POLICY, '--server', base, '--summary', summary], {env: NO_ENV});
    assert.equal(run.code, 1);
    const markdown = await readFile(summary, 'utf8');
    assert.match(markdown, /^# Earlier step\n### Hallmark check of /);
    assert.match(markdown, /\| ✅ meets \| pkg:npm\/left-pad@1\.3\.0 \| js-vet\/reviewed v1 badge verifies \|/);
    assert.match(markdown, /\| ❌ fails \| pkg:npm\/is-odd@3\.0\.1 \| no badge under js-vet\/reviewed \|/);
    assert.match(markdown, /\*\*FAILED: 1 of 3 packages meet js-vet\/reviewed, 2 do not\*\*/);
  });

  describe('the examples in examples/', () => {
    /** The check commands of the workflows, run as the CI runner would run them, with `hallmark` on PATH. */
    let bin: string;
    before(async () => {
      bin = join(dir, 'bin');
      await import('node:fs/promises').then((fs) => fs.mkdir(bin));
      await writeFile(join(bin, 'hallmark'), `#!/bin/sh\nexec "${process.execPath}" --disable-warning=ExperimentalWarning "${join(ROOT, 'src/cli.ts')}" "$@"\n`);
      await chmod(join(bin, 'hallmark'), 0o755);
    });

    async function runScript(script: string, env: Record<string, string>): Promise<number | null> {
      const child = spawn('bash', ['-e', '-c', script], {cwd: dir, env: {PATH: `${bin}:${process.env.PATH}`, HOME: dir, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
      child.stdout.resume();
      child.stderr.resume();
      const [code] = await once(child, 'close');
      return code as number | null;
    }

    it('GitHub Actions: the check step passes, fails and refuses with the right exit codes and fills the job summary', async () => {
      const workflow = parseYaml(await readFile(join(ROOT, 'examples/github-actions/hallmark-check.yml'), 'utf8'));
      const steps = workflow.jobs.hallmark.steps as Array<{name?: string; run?: string}>;
      const check = steps.find((step) => step.run?.includes('hallmark check'));
      assert.ok(check?.run);
      const summary = join(dir, 'step-summary.md');
      const env = (sbom: string, policy = POLICY) => ({...workflow.env, HALLMARK_SERVER: base, HALLMARK_POLICY: policy, HALLMARK_SBOM: sbom, GITHUB_STEP_SUMMARY: summary});
      assert.equal(await runScript(check.run, env(passing)), 0);
      assert.match(await readFile(summary, 'utf8'), /\*\*PASSED: 1 of 1 packages meet js-vet\/reviewed\*\*/);
      const sarif = JSON.parse(await readFile(join(dir, 'hallmark.sarif'), 'utf8'));
      assert.ok(sarifValidator()(sarif));
      assert.equal(await runScript(check.run, env(failing)), 1);
      assert.equal(await runScript(check.run, env(passing, `${COMMUNITY}/missing`)), 2);
    });

    it('GitLab CI: the job script passes, fails and refuses with the right exit codes and writes its JUnit report', async () => {
      const pipeline = parseYaml(await readFile(join(ROOT, 'examples/gitlab-ci/hallmark-check.gitlab-ci.yml'), 'utf8'));
      const job = pipeline['hallmark-check'];
      const script = (job.script as string[]).join('\n');
      const env = (sbom: string, policy = POLICY) => ({...job.variables, HALLMARK_SERVER: base, HALLMARK_POLICY: policy, HALLMARK_SBOM: sbom});
      assert.equal(await runScript(script, env(passing)), 0);
      assert.equal(XMLValidator.validate(await readFile(join(dir, job.artifacts.reports.junit), 'utf8')), true);
      assert.match(await readFile(join(dir, 'hallmark-summary.md'), 'utf8'), /PASSED/);
      assert.equal(await runScript(script, env(failing)), 1);
      assert.equal(await runScript(script, env(passing, 'nowhere/reviewed')), 2);
    });
  });
});
