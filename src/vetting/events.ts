import type {Account, Community, Purl, Review, RoleGrant, Vetting} from './model.ts';
import type {CommunityChange} from './communities.ts';

export type VettingEvent =
  | {type: 'review-submitted'; review: Review}
  | {type: 'review-standing-changed'; review: Review}
  | {type: 'vetting-recorded'; vetting: Vetting}
  | {type: 'role-changed'; grant: RoleGrant}
  /** An organisation confirmed or withdrew a person's membership; `account` is the person as now stored. */
  | {type: 'membership-changed'; account: Account}
  | {type: 'evidence-changed'; community: string | null; purl: Purl}
  /** A steward edited the community (`community` as it now is); may be delivered again after a crash. */
  | {type: 'community-changed'; community: Community; change: CommunityChange}
  /** A cargo-vet import added or withdrew audits of these packages (purls without version) in a community. */
  | {type: 'audits-imported'; community: string; packages: string[]};

export type VettingEventHandler = (event: VettingEvent) => Promise<void>;

/**
 * The vetting services publish here so that re-evaluation (policies) and
 * reputation/milestones can react without the publishers knowing them.
 * `emit` awaits every handler so an HTTP response (and a test) sees the
 * consequences; a failing handler is reported, never thrown at the emitter,
 * because the change it reacts to has already been stored.
 */
export class VettingEvents {
  readonly #handlers: VettingEventHandler[] = [];
  readonly #onError: (error: unknown, event: VettingEvent) => void;

  constructor(onError: (error: unknown, event: VettingEvent) => void = logHandlerError) {
    this.#onError = onError;
  }

  on(handler: VettingEventHandler): void {
    this.#handlers.push(handler);
  }

  async emit(event: VettingEvent): Promise<void> {
    for (const handler of [...this.#handlers]) {
      try {
        await handler(event);
      } catch (error) {
        this.#onError(error, event);
      }
    }
  }
}

function logHandlerError(error: unknown, event: VettingEvent): void {
  console.error(`vetting event handler failed on ${event.type}:`, error);
}
