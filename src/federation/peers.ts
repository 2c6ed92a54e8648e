/**
 * Trust between instances, per host (with its port where that is not the
 * default): `blocked` hosts are refused at the door and never fetched or
 * delivered to; `unknown` ones are stored but quarantined (not counted, follow
 * requests wait for a steward); `federated` ones are accepted and shown;
 * `trusted` ones also have their follows accepted automatically. A host
 * nobody has rated is `unknown` in allowlist mode (the default) and
 * `federated` in open mode. A block of a domain covers its subdomains, as
 * Mastodon's domain blocks do, and they import and export in Mastodon's CSV.
 */
import {parse} from 'csv-parse/sync';
import {stringify} from 'csv-stringify/sync';
import {HallmarkError, invalidInput} from '../errors.ts';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import type {Actor} from '../vetting/model.ts';
import {authorize} from '../authz/index.ts';

export const PEER_TIERS = ['blocked', 'unknown', 'federated', 'trusted'] as const;
export type PeerTier = typeof PEER_TIERS[number];
export type FederationMode = 'open' | 'allowlist' | 'off';

export interface Peer {
  host: string;
  tier: PeerTier;
  comment: string;
  updatedAt: string;
}

interface PeerRecord extends Document, Peer {}

/** How long a process trusts its copy of the block list (other processes may change it). */
const BLOCK_CACHE_MS = 5_000;
const MAX_CSV_BYTES = 1024 * 1024;
const MAX_CSV_ROWS = 10_000;

export class PeerService {
  readonly #peers: Collection<PeerRecord>;
  readonly #mode: FederationMode;
  #blocked: {hosts: Set<string>; at: number} | null = null;

  private constructor(peers: Collection<PeerRecord>, mode: FederationMode) {
    this.#peers = peers;
    this.#mode = mode;
  }

  static async open(store: Store, mode: FederationMode): Promise<PeerService> {
    return new PeerService(await store.collection<PeerRecord>({name: 'federation_peers', indexes: [{fields: ['tier']}]}), mode);
  }

  get mode(): FederationMode {
    return this.#mode;
  }

  async tierOf(host: string): Promise<PeerTier> {
    if (await this.isBlocked(host)) return 'blocked';
    const found = await this.#peers.get(normaliseHost(host));
    if (found !== null) return found.doc.tier;
    return this.#mode === 'open' ? 'federated' : 'unknown';
  }

  /** Cheap enough for every request: an in-memory set, refreshed every few seconds. */
  async isBlocked(host: string): Promise<boolean> {
    const now = Date.now();
    if (this.#blocked === null || now - this.#blocked.at > BLOCK_CACHE_MS) {
      const hosts = new Set((await this.#peers.find({tier: 'blocked'})).map(({doc}) => doc.host));
      this.#blocked = {hosts, at: now};
    }
    const {hosts} = this.#blocked;
    if (hosts.size === 0) return false;
    const lower = host.toLowerCase();
    if (hosts.has(lower)) return true;
    // A domain block covers subdomains and every port of the host.
    const hostname = lower.replace(/:\d+$/, '');
    const labels = hostname.split('.');
    for (let start = 0; start < labels.length - 1; start++) if (hosts.has(labels.slice(start).join('.'))) return true;
    return false;
  }

  async list(actor: Actor): Promise<Peer[]> {
    authorize(actor, 'peers.manage');
    return (await this.#peers.find({})).map(({doc}) => stripRecord(doc)).sort((a, b) => a.host.localeCompare(b.host));
  }

  async setTier(actor: Actor, host: string, tier: PeerTier, comment = '', now = new Date()): Promise<Peer> {
    authorize(actor, 'peers.manage');
    const peer: Peer = {host: normaliseHost(host), tier, comment, updatedAt: now.toISOString()};
    await this.#put(peer);
    return peer;
  }

  /** Mastodon's domain-block CSV: `#domain,#severity,…`; `suspend` blocks, `silence` quarantines (unknown), `noop` is skipped. */
  async importCsv(actor: Actor, csv: string, now = new Date()): Promise<{imported: Peer[]}> {
    authorize(actor, 'peers.manage');
    const rows = parseDomainBlocks(csv);
    const imported: Peer[] = [];
    for (const row of rows) {
      if (row.severity === 'noop') continue;
      const peer: Peer = {host: row.domain, tier: row.severity === 'suspend' ? 'blocked' : 'unknown', comment: row.comment, updatedAt: now.toISOString()};
      await this.#put(peer);
      imported.push(peer);
    }
    return {imported};
  }

  async exportCsv(actor: Actor): Promise<string> {
    authorize(actor, 'peers.manage');
    const blocked = (await this.#peers.find({tier: 'blocked'})).map(({doc}) => doc).sort((a, b) => a.host.localeCompare(b.host));
    const rows = blocked.map((peer) => [peer.host, 'suspend', 'true', 'true', peer.comment, 'false']);
    return stringify([['#domain', '#severity', '#reject_media', '#reject_reports', '#public_comment', '#obfuscate'], ...rows]);
  }

  async #put(peer: Peer): Promise<void> {
    for (;;) {
      const found = await this.#peers.get(peer.host);
      if (found === null) {
        try {
          await this.#peers.insert({id: peer.host, ...peer});
          break;
        } catch (error) {
          // Someone else stored it first: read it again.
          if (error instanceof DuplicateKeyError) continue;
          throw error;
        }
      }
      if (await this.#peers.update(peer.host, found.version, {id: peer.host, ...peer})) break;
    }
    this.#blocked = null;
  }
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/;

/** A host as peers are keyed: lower case, punycode, the port only when it is not the default. */
export function normaliseHost(input: string, field = '/host'): string {
  const text = input.trim().toLowerCase();
  if (text.length === 0 || text.length > 260 || /[\s/\\@?#]/.test(text)) throw invalidInput(`"${input.slice(0, 100)}" is not a host`, [{field, problem: 'must be a hostname, with :port where it is not the default'}]);
  let url: URL;
  try {
    url = new URL(`https://${text}/`);
  } catch {
    throw invalidInput(`"${input.slice(0, 100)}" is not a host`, [{field, problem: 'must be a hostname, with :port where it is not the default'}]);
  }
  if (!HOST.test(url.host)) throw invalidInput(`"${input.slice(0, 100)}" is not a host`, [{field, problem: 'must be a hostname, with :port where it is not the default'}]);
  return url.host;
}

interface DomainBlockRow {
  domain: string;
  severity: 'suspend' | 'silence' | 'noop';
  comment: string;
}

function parseDomainBlocks(csv: string): DomainBlockRow[] {
  if (Buffer.byteLength(csv) > MAX_CSV_BYTES) throw new HallmarkError('too-large', `a domain-block list may be at most ${MAX_CSV_BYTES} bytes`);
  let records: string[][];
  try {
    records = parse(csv, {skip_empty_lines: true, relax_column_count: true, trim: true, max_record_size: 4096});
  } catch (error) {
    throw invalidInput('the domain-block list is not CSV', [{field: '', problem: (error as Error).message.slice(0, 200)}]);
  }
  if (records.length === 0) throw invalidInput('the domain-block list is empty', [{field: '', problem: 'expected Mastodon\'s CSV: #domain,#severity,…'}]);
  const header = records[0].map((cell) => cell.replace(/^#/, '').toLowerCase());
  const headed = header.includes('domain');
  const column = (name: string, fallback: number) => (headed ? header.indexOf(name) : fallback);
  const [domainAt, severityAt, commentAt] = [column('domain', 0), column('severity', 1), column('public_comment', -1)];
  const body = headed ? records.slice(1) : records;
  if (body.length > MAX_CSV_ROWS) throw new HallmarkError('too-large', `a domain-block list may hold at most ${MAX_CSV_ROWS} rows`);
  const rows: DomainBlockRow[] = [];
  const problems: Array<{field: string; problem: string}> = [];
  body.forEach((cells, index) => {
    const line = `line ${index + (headed ? 2 : 1)}`;
    const severity = (severityAt === -1 ? '' : cells[severityAt] ?? '').toLowerCase() || 'suspend';
    if (severity !== 'suspend' && severity !== 'silence' && severity !== 'noop') {
      problems.push({field: line, problem: `severity "${severity.slice(0, 40)}" is not suspend, silence or noop`});
      return;
    }
    try {
      rows.push({domain: normaliseHost(cells[domainAt] ?? '', line), severity, comment: (commentAt === -1 ? '' : cells[commentAt] ?? '').slice(0, 500)});
    } catch (error) {
      problems.push(...(error as HallmarkError).problems);
    }
  });
  // All or nothing: a list with one bad row changes nothing.
  if (problems.length > 0) throw invalidInput('the domain-block list has rows that cannot be read', problems.slice(0, 20));
  return rows;
}

function stripRecord(record: PeerRecord): Peer {
  return {host: record.host, tier: record.tier, comment: record.comment, updatedAt: record.updatedAt};
}
