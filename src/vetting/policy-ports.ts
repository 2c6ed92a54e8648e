import type {Account, Community, Handle, Review, Role} from './model.ts';
import type {ImportedEntry} from './cargo-vet/plan.ts';

/**
 * What the policy side reads from the vetting services. Narrow on purpose:
 * the vetting services satisfy it as they are, and tests can hand in plain
 * fakes without standing up the whole review workflow.
 */
export interface VettingReads {
  communities: {get(slug: string): Promise<Community>; assertEcosystem(community: Community, purlType: string, field?: string): void};
  criteria: {
    assertKnown(community: string, names: string[], field?: string): Promise<void>;
    closure(community: string, names: string[]): Promise<string[]>;
  };
  roles: {
    currentRole(community: string, handle: Handle): Promise<Role | null>;
    rolesOf(handle: Handle): Promise<Array<{community: string; role: Role}>>;
  };
  accounts: {find(handle: Handle): Promise<Account | null>};
  reviews: {reviewsForPackage(community: string, packagePurl: string): Promise<Review[]>; reviewsByReviewer(handle: Handle): Promise<Review[]>};
  /** Audits imported from cargo-vet files; absent where nothing is imported. */
  cargoVet?: {entriesForPackage(community: string, packagePurl: string): Promise<ImportedEntry[]>};
}
