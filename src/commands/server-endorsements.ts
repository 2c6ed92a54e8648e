import type {EndorsementSource} from '../credentials/verify/endorsement-check.ts';
import {isObject} from '../json.ts';
import {callApi, type ApiTarget} from './api-client.ts';

/**
 * `hallmark verify --server URL`: the endorsements a Hallmark server knows
 * about a credential's issuer, achievement, subject or id (what the
 * server's own report shows), read from its public listing. They are
 * verified here, by the same pipeline, like embedded ones: the server
 * only says where to look.
 */
export class ServerEndorsements implements EndorsementSource {
  readonly #target: ApiTarget;

  constructor(target: ApiTarget) {
    this.#target = target;
  }

  async endorsementsAbout(targetIds: string[], limit: number): Promise<unknown[]> {
    const found: unknown[] = [];
    for (const id of targetIds) {
      if (found.length >= limit) break;
      const result = await callApi(this.#target, 'GET', `/api/v1/endorsements?target=${encodeURIComponent(id)}&include=credential`, undefined);
      if (result.status !== 200 || !isObject(result.body) || !Array.isArray(result.body.endorsements)) {
        throw new Error(`${this.#target.server.origin} answered HTTP ${result.status} for the endorsements of ${id.slice(0, 200)}`);
      }
      for (const entry of result.body.endorsements) {
        if (isObject(entry) && entry.verifiableCredential !== undefined) found.push(entry.verifiableCredential);
      }
    }
    return found.slice(0, limit);
  }
}
