import {randomUUID} from 'node:crypto';
import type {Collection, Store} from '../../store/port.ts';
import {HallmarkError, invalidInput, notFound} from '../../errors.ts';
import {roleAtLeast, type Actor} from '../model.ts';
import {actingName, authorize} from '../../authz/index.ts';
import type {VettingEvents} from '../events.ts';
import type {VettingReads} from '../policy-ports.ts';
import {parseReleasePurl} from '../../purl.ts';
import type {Evidence, EvidenceBody} from './types.ts';

export type EvidenceRequest = EvidenceBody & {community?: string; expiresAt?: string};

/** Evidence documents are reports, not archives: a Scorecard run is a few tens of KiB. */
export const MAX_EVIDENCE_BYTES = 256 * 1024;

type EvidenceRecord = Evidence & {[field: string]: unknown};

/** Stores typed evidence documents (Scorecard, licence, provenance) for package releases. */
export class EvidenceService {
  readonly #evidence: Collection<EvidenceRecord>;
  readonly #vetting: VettingReads;
  readonly #events: VettingEvents;

  private constructor(evidence: Collection<EvidenceRecord>, vetting: VettingReads, events: VettingEvents) {
    this.#evidence = evidence;
    this.#vetting = vetting;
    this.#events = events;
  }

  static async open(store: Store, vetting: VettingReads, events: VettingEvents): Promise<EvidenceService> {
    const evidence = await store.collection<EvidenceRecord>({name: 'evidence', indexes: [{fields: ['purl']}, {fields: ['package']}]});
    return new EvidenceService(evidence, vetting, events);
  }

  /** `request` has passed the evidence request schema; this checks who may submit and what it is about. */
  async submit(actor: Actor, purlText: string, request: EvidenceRequest, now = new Date()): Promise<Evidence> {
    const release = parseReleasePurl(purlText, '/purl');
    if (Buffer.byteLength(JSON.stringify(request.document)) > MAX_EVIDENCE_BYTES) {
      throw new HallmarkError('too-large', `an evidence document may be at most ${MAX_EVIDENCE_BYTES} bytes of JSON`, [{field: '/document', problem: 'is too large'}]);
    }
    if (request.expiresAt !== undefined && Date.parse(request.expiresAt) <= now.getTime()) {
      throw invalidInput('the evidence would already have expired', [{field: '/expiresAt', problem: 'must be in the future'}]);
    }
    const community = request.community ?? null;
    if (community !== null) {
      this.#vetting.communities.assertEcosystem(await this.#vetting.communities.get(community), release.type);
      authorize(actor, 'evidence.submit', {community});
    } else {
      authorize(actor, 'evidence.submit-anywhere');
    }
    // The request is schema-checked to type, document, community and expiresAt; the last two are replaced below.
    const evidence = {
      id: randomUUID(),
      ...request,
      purl: release.purl,
      package: release.package,
      community,
      submittedBy: actingName(actor),
      submittedAt: now.toISOString(),
      expiresAt: request.expiresAt === undefined ? null : new Date(request.expiresAt).toISOString(),
    } satisfies Evidence;
    await this.#evidence.insert(evidence);
    await this.#events.emit({type: 'evidence-changed', community, purl: release.purl});
    return evidence;
  }

  /**
   * Evidence a community's policies may read for a release: its own, the
   * admin's, and community-less evidence from someone who is an auditor of
   * THIS community now (an auditor elsewhere must not decide its badges);
   * null: all of it.
   */
  async forRelease(purl: string, community: string | null): Promise<Evidence[]> {
    const all = (await this.#evidence.find({purl})).map((found) => found.doc);
    if (community === null) return all;
    const counted: Evidence[] = [];
    for (const evidence of all) if (await this.#countsIn(evidence, community)) counted.push(evidence);
    return counted;
  }

  async get(id: string): Promise<Evidence> {
    const found = await this.#evidence.get(id);
    if (!found) throw notFound(`no evidence ${id.slice(0, 60)}`);
    return found.doc;
  }

  async forPackage(packagePurl: string): Promise<Evidence[]> {
    return (await this.#evidence.find({package: packagePurl})).map((found) => found.doc);
  }

  async #countsIn(evidence: Evidence, community: string): Promise<boolean> {
    if (evidence.community !== null) return evidence.community === community;
    if (evidence.submittedBy === 'admin') return true;
    return roleAtLeast(await this.#vetting.roles.currentRole(community, evidence.submittedBy), 'auditor');
  }

}
