import {LRUCache} from 'lru-cache';
import {achievementName} from '../credentials/credential-fields.ts';
import type {CredentialRecords} from '../credentials/credential-records.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {EntryState, StatusBitChange, StatusListService} from '../credentials/status-lists.ts';

/** What a README badge can say about a credential of this instance. */
export type BadgeState = 'valid' | 'suspended' | 'revoked' | 'expired' | 'not-yet-valid' | 'not-found' | 'not-vetted';

export interface BadgeStatus {
  state: BadgeState;
  /** The achievement's name, shortened for a badge label; null when the credential is unknown. */
  label: string | null;
  /** The credential's UUID when it exists. */
  uuid: string | null;
}

/** Everything needed to answer a badge request without touching the store. */
interface BadgeFacts {
  uuid: string;
  /** `${listId}:${index}`: the status slot whose changes invalidate this entry. */
  slot: string;
  label: string;
  /** What the status entry says by our records (a suspension entry revoked for good is "revoked"). */
  entry: EntryState;
  validFrom: number | null;
  validUntil: number | null;
}

const MAX_LABEL = 40;
const CACHED_CREDENTIALS = 20_000;

/**
 * Live status for README badges, served from memory. The status list service
 * tells us about every bit it changes in this process, and the affected entry
 * is dropped at once; changes made by other processes on the same store show
 * through the store's change notice, read on every request (one key lookup),
 * which empties the cache when it moved. A generation counter stops a read
 * that raced a change from putting the stale answer back.
 */
/** What badge status reads: the store's records and the status lists' entry values and change notices. */
export type BadgeRecords = Pick<CredentialRecords, 'find'>;
export type BadgeStatusLists = Pick<StatusListService, 'standing' | 'onChange' | 'changeNotice'>;

export class BadgeStatusService {
  readonly #records: BadgeRecords;
  readonly #statusLists: BadgeStatusLists;
  readonly #urls: InstanceUrls;
  /** Status slot → credential UUID, for invalidation; entries leave with their facts. */
  readonly #bySlot = new Map<string, string>();
  readonly #facts = new LRUCache<string, BadgeFacts>({max: CACHED_CREDENTIALS, dispose: (facts) => this.#bySlot.delete(facts.slot)});
  #generation = 0;
  /** The last change notice seen; it only grows. */
  #notice = -1;

  constructor(records: BadgeRecords, statusLists: BadgeStatusLists, urls: InstanceUrls) {
    this.#records = records;
    this.#statusLists = statusLists;
    this.#urls = urls;
    statusLists.onChange((change) => this.#invalidate(change));
  }

  async status(reference: string, now = Date.now()): Promise<BadgeStatus> {
    const uuid = this.#urls.credentialUuid(reference);
    if (!uuid) return {state: 'not-found', label: null, uuid: null};
    const notice = await this.#statusLists.changeNotice();
    if (notice > this.#notice) {
      this.#notice = notice;
      this.#generation++;
      this.#facts.clear();
    }
    const facts = this.#facts.get(uuid) ?? (await this.#load(uuid));
    if (!facts) return {state: 'not-found', label: null, uuid: null};
    return {state: stateOf(facts, now), label: facts.label, uuid};
  }

  async #load(uuid: string): Promise<BadgeFacts | null> {
    const generation = this.#generation;
    const record = await this.#records.find(uuid);
    if (!record) return null;
    const facts: BadgeFacts = {
      uuid,
      slot: `${record.status.listId}:${record.status.index}`,
      label: badgeLabel(record.credential),
      entry: (await this.#statusLists.standing(record.status)).state,
      validFrom: timeOf(record.credential.validFrom),
      validUntil: timeOf(record.credential.validUntil),
    };
    if (generation === this.#generation) {
      this.#facts.set(uuid, facts);
      this.#bySlot.set(facts.slot, uuid);
    }
    return facts;
  }

  #invalidate(change: StatusBitChange): void {
    this.#generation++;
    const uuid = this.#bySlot.get(`${change.listId}:${change.index}`);
    if (uuid !== undefined) this.#facts.delete(uuid);
  }
}

function stateOf(facts: BadgeFacts, now: number): BadgeState {
  // Any other non-zero value of a message entry is not valid either.
  if (facts.entry !== 'valid') return facts.entry === 'revoked' ? 'revoked' : 'suspended';
  if (facts.validUntil !== null && facts.validUntil < now) return 'expired';
  if (facts.validFrom !== null && facts.validFrom > now) return 'not-yet-valid';
  return 'valid';
}

function timeOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** The achievement's name (else the credential's), single-line and short enough for a badge. */
export function badgeLabel(credential: Record<string, unknown>): string {
  const clean = (achievementName(credential) ?? 'badge').replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ').trim();
  const chars = [...clean];
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('').trimEnd()}…` : clean;
}
