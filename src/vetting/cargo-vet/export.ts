import {PackageURL} from 'packageurl-js';
import {stringify} from 'smol-toml';
import {parsePurl} from '../../purl.ts';
import type {Account, Criterion, Review} from '../model.ts';
import type {ImportedEntry} from './plan.ts';
import {versToCargoRequirements} from './requirements.ts';

/**
 * A community's accepted reviews as a cargo-vet `audits.toml` that `cargo vet`
 * can import (`[imports.<name>] url = …`).
 *
 * Order is stable and the file grows at the end: every entry is its own
 * `[[audits.<crate>]]` (or `[[trusted.<crate>]]`, `[[wildcard-audits.<crate>]]`)
 * table, in the order the community accepted or imported it, and a custom
 * criterion's `[criteria.<name>]` table comes just before the first entry
 * that needs it. TOML merges a crate's tables wherever they stand, as in
 * hand-edited files. An entry leaves the file only when the community
 * withdraws it (a review retracted, rejected or disputed; an imported audit
 * its source no longer holds).
 *
 * Other ecosystems, when asked for, follow one convention: the crate key is
 * the package's purl without version (`[[audits."pkg:npm/left-pad"]]`), which
 * no crate can be named, so cargo-vet never applies it to a crate, and
 * Hallmark's importer reads it back as that package.
 */

export interface ExportInput {
  community: string;
  /** Where the file is served, for its header. */
  url: string;
  /** Package types besides cargo to include under the purl convention. */
  ecosystems: string[];
  reviews: Review[];
  accounts: Map<string, Account | null>;
  criteria: Criterion[];
  imported: ImportedEntry[];
  reviewUrl: (id: string) => string;
  reviewerUrl: (handle: string) => string;
}

const BUILT_IN = new Set(['safe-to-run', 'safe-to-deploy']);

interface Row {
  since: string;
  seq: number;
  id: string;
  section: 'audits' | 'trusted' | 'wildcard-audits';
  crate: string;
  criteria: string[];
  body: Record<string, unknown>;
}

export function exportAudits(input: ExportInput): string {
  const rows = [...input.reviews.flatMap((review) => reviewRows(review, input)), ...input.imported.flatMap(importedRows)]
    .sort((a, b) => a.since.localeCompare(b.since) || a.seq - b.seq || a.id.localeCompare(b.id));
  const byName = new Map(input.criteria.map((criterion) => [criterion.name, criterion]));
  const written = new Set<string>();
  const parts = [
    `# cargo-vet audits of community "${input.community}", exported by Hallmark from ${input.url}`,
    '# Entries are appended in the order the community accepted them; see the notes and aggregated-from of each.',
    '',
    '[criteria]',
    '',
    '[audits]',
    '',
  ];
  for (const row of rows) {
    for (const name of criteriaFirst(row.criteria, byName)) {
      if (written.has(name)) continue;
      written.add(name);
      const criterion = byName.get(name) as Criterion;
      parts.push(stringify({criteria: {[name]: {description: criterion.description, ...(criterion.implies.length > 0 ? {implies: oneOrMany([...criterion.implies].sort())} : {})}}}));
    }
    parts.push(stringify({[row.section]: {[row.crate]: [row.body]}}));
  }
  return `${parts.join('\n').trimEnd()}\n`;
}

/** Custom criteria a row needs, implied ones first, so each definition follows those it names. */
function criteriaFirst(names: string[], byName: Map<string, Criterion>): string[] {
  const order: string[] = [];
  const visit = (name: string, depth: number): void => {
    if (BUILT_IN.has(name) || order.includes(name) || depth > 64 || !byName.has(name)) return;
    for (const implied of byName.get(name)?.implies ?? []) visit(implied, depth + 1);
    order.push(name);
  };
  for (const name of names) visit(name, 0);
  return order;
}

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

function crateKey(packagePurl: string, ecosystems: string[]): string | null {
  const parsed = PackageURL.fromString(packagePurl);
  if (parsed.type === 'cargo') return parsed.name;
  return ecosystems.includes(parsed.type) ? packagePurl : null;
}

function reviewRows(review: Review, input: ExportInput): Row[] {
  if (review.standing !== 'accepted') return [];
  const crate = crateKey(review.package, input.ecosystems);
  if (crate === null) return [];
  const account = input.accounts.get(review.reviewer);
  const who = `${account?.name ?? review.reviewer} <${input.reviewerUrl(review.reviewer)}>`;
  const notes = [review.notes.trim(), `Reviewed on Hallmark: ${input.reviewUrl(review.id)}`].filter((line) => line !== '').join('\n\n');
  const shared = {who, criteria: oneOrMany(review.criteria)};
  const row = (seq: number, kind: Record<string, string>): Row => ({
    since: review.acceptedAt ?? review.createdAt, seq, id: review.id, section: 'audits', crate, criteria: review.criteria,
    body: {...shared, ...kind, notes},
  });
  const version = parsePurl(review.purl).version ?? '';
  if (review.kind === 'full') return [row(0, {version})];
  if (review.kind === 'delta') return [row(0, {delta: `${review.from} -> ${version}`})];
  if (review.range === undefined) return [row(0, {violation: `=${version}`})];
  return versToCargoRequirements(review.range).map((requirement, seq) => row(seq, {violation: requirement}));
}

function importedRows(entry: ImportedEntry): Row[] {
  if (entry.disappearedAt !== null) return [];
  const aggregated = entry.aggregatedFrom.length > 0 ? entry.aggregatedFrom : [entry.source];
  const common = {
    ...(entry.section === 'trusted' || entry.who.length === 0 ? {} : {who: oneOrMany(entry.who)}),
    criteria: oneOrMany(entry.criteria),
  };
  let body: Record<string, unknown>;
  if (entry.section === 'audits') {
    const kind = entry.kind === 'full' ? {version: entry.version} : entry.kind === 'delta' ? {delta: `${entry.from} -> ${entry.version}`} : {violation: entry.requirement};
    body = {...common, ...kind};
  } else {
    body = {
      ...common,
      ...(entry.userId !== null ? {'user-id': entry.userId} : {'trusted-publisher': entry.trustedPublisher}),
      ...(entry.start !== null ? {start: entry.start} : {}),
      ...(entry.end !== null ? {end: entry.end} : {}),
      ...(entry.renew !== null ? {renew: entry.renew} : {}),
    };
  }
  if (entry.notes !== null) body.notes = entry.notes;
  body['aggregated-from'] = oneOrMany(aggregated);
  return [{since: entry.importedAt, seq: entry.seq, id: entry.id, section: entry.section, crate: entry.crate, criteria: entry.criteria, body}];
}
