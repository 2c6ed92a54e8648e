/**
 * How `hallmark check` writes the server's SBOM check for people and for CI:
 * plain lines, a Markdown table (job summaries), SARIF 2.1.0 (code scanning)
 * and JUnit XML (test report views). Each is a pure function of the check.
 */

/** What the CLI reads of the server's SBOM check (vetting/sbom-check.ts SbomCheck). */
export interface CheckReply {
  passed: boolean;
  requirements: Array<{community: string; policy: string}>;
  summary: {packages: number; meeting: number; failing: number; skipped: number};
  packages: Array<{purl: string; meets: boolean; reason: string}>;
  skipped: Array<{entry: string; reason: string}>;
}

export interface CheckContext {
  /** The SBOM or lockfile as given on the command line ('-' for standard input). */
  input: string;
  /** Its text, to point results at the line that names each package. */
  text: string;
  /** The server asked. */
  server: string;
  toolVersion: string;
}

export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit'] as const;
export type CheckFormat = typeof FORMATS[number];

function policies(check: CheckReply): string {
  return check.requirements.map((requirement) => `${requirement.community}/${requirement.policy}`).join(' or ');
}

export function headline(check: CheckReply): string {
  const {packages, meeting, failing, skipped} = check.summary;
  return `${check.passed ? 'PASSED' : 'FAILED'}: ${meeting} of ${packages} packages meet ${policies(check)}${failing ? `, ${failing} do not` : ''}${skipped ? `, ${skipped} entries skipped` : ''}`;
}

export function textReport(check: CheckReply): string {
  const lines = [
    ...check.packages.map((finding) => `${finding.meets ? 'ok  ' : 'FAIL'} ${finding.purl}: ${finding.reason}`),
    ...check.skipped.map((skipped) => `skip ${skipped.entry}: ${skipped.reason}`),
    headline(check),
  ];
  return `${lines.join('\n')}\n`;
}

/** A cell: one line, pipes and backticks escaped, Markdown that cannot break out of the table. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|]/g, (character) => `\\${character}`);
}

export function markdownReport(check: CheckReply, context: Pick<CheckContext, 'input' | 'server'>): string {
  const rows = [
    ...check.packages.map((finding) => `| ${finding.meets ? '✅ meets' : '❌ fails'} | ${cell(finding.purl)} | ${cell(finding.reason)} |`),
    ...check.skipped.map((skipped) => `| ⏭️ skipped | ${cell(skipped.entry)} | ${cell(skipped.reason)} |`),
  ];
  return [
    `### Hallmark check of ${cell(context.input)}`,
    '',
    `**${cell(headline(check))}** (asked ${cell(context.server)})`,
    '',
    '| verdict | package | why |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

const RULES = {
  failing: {
    id: 'hallmark/policy-not-met',
    name: 'DependencyDoesNotMeetPolicy',
    shortDescription: {text: 'A dependency holds no verifying badge under the required policy'},
    fullDescription: {text: 'Hallmark found no badge for this exact release under the named community policy whose credential verifies now (signature, issuer and revocation status included).'},
    defaultConfiguration: {level: 'error'},
  },
  skipped: {
    id: 'hallmark/not-checked',
    name: 'EntryNotChecked',
    shortDescription: {text: 'An SBOM entry could not be checked'},
    fullDescription: {text: 'The entry has no package URL or no registry version, so Hallmark could not look for a badge.'},
    defaultConfiguration: {level: 'note'},
  },
} as const;

/** The 1-based line of the first mention of any needle, or 1. */
function lineOf(text: string, needles: string[]): number {
  for (const needle of needles) {
    const at = needle === '' ? -1 : text.indexOf(needle);
    if (at >= 0) return text.slice(0, at).split('\n').length;
  }
  return 1;
}

/** How a purl's package is likely written in a lockfile or SBOM: the purl, then the bare name. */
function mentions(purl: string): string[] {
  const withoutVersion = purl.replace(/@[^@/]*$/, '');
  const name = decodeURIComponent(withoutVersion.replace(/^pkg:[^/]+\//, ''));
  return [purl, withoutVersion, `"${name}"`, `/${name}"`];
}

export function sarifReport(check: CheckReply, context: CheckContext): Record<string, unknown> {
  const uri = context.input === '-' ? 'stdin' : context.input.replace(/\\/g, '/').replace(/^\.\//, '');
  const location = (needles: string[]) => [{physicalLocation: {artifactLocation: {uri}, region: {startLine: lineOf(context.text, needles)}}}];
  const results = [
    ...check.packages.filter((finding) => !finding.meets).map((finding) => ({
      ruleId: RULES.failing.id,
      ruleIndex: 0,
      level: 'error',
      message: {text: `${finding.purl} does not meet ${policies(check)}: ${finding.reason}`},
      locations: location(mentions(finding.purl)),
      partialFingerprints: {'hallmark/purl': finding.purl},
      properties: {purl: finding.purl},
    })),
    ...check.skipped.map((skipped) => ({
      ruleId: RULES.skipped.id,
      ruleIndex: 1,
      level: 'note',
      message: {text: `${skipped.entry} was not checked: ${skipped.reason}`},
      locations: location([skipped.entry]),
      partialFingerprints: {'hallmark/entry': skipped.entry},
    })),
  ];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {driver: {name: 'hallmark', informationUri: context.server, semanticVersion: context.toolVersion, rules: [RULES.failing, RULES.skipped]}},
      automationDetails: {id: `hallmark-check/${policies(check)}/`},
      invocations: [{executionSuccessful: true}],
      results,
      properties: {passed: check.passed, summary: check.summary, policies: check.requirements.map((requirement) => `${requirement.community}/${requirement.policy}`)},
    }],
  };
}

/** XML 1.0 text: the five entities escaped, characters XML cannot hold dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (character) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'})[character] as string);
}

export function junitReport(check: CheckReply, context: Pick<CheckContext, 'input'>, now = new Date()): string {
  const suite = `hallmark check ${policies(check)}`;
  const cases = [
    ...check.packages.map((finding) => {
      const open = `    <testcase classname="${xml(finding.purl.replace(/\/[^/]*$/, ''))}" name="${xml(finding.purl)}" file="${xml(context.input)}">`;
      return finding.meets
        ? `${open}\n      <system-out>${xml(finding.reason)}</system-out>\n    </testcase>`
        : `${open}\n      <failure type="policy-not-met" message="${xml(finding.reason)}">${xml(`${finding.purl} does not meet ${policies(check)}: ${finding.reason}`)}</failure>\n    </testcase>`;
    }),
    ...check.skipped.map((skipped) => `    <testcase classname="skipped" name="${xml(skipped.entry)}" file="${xml(context.input)}">\n      <skipped message="${xml(skipped.reason)}"/>\n    </testcase>`),
  ];
  const {packages, failing, skipped} = check.summary;
  const counts = `tests="${packages + skipped}" failures="${failing}" errors="0" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hallmark check" ${counts}>`,
    `  <testsuite name="${xml(suite)}" ${counts} timestamp="${now.toISOString().replace(/\.\d+Z$/, '')}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
