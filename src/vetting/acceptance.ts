import {roleAtLeast, type AcceptanceRule, type Handle, type Role, type Standing, type Vetting} from './model.ts';

export interface Voter {
  role: Role | null;
  organisation: Handle | null;
}

/**
 * The standing a live (not retracted, not rejected) review has under the
 * community's rule: an unresolved dispute holds it at `disputed`; otherwise
 * it is accepted once enough qualifying endorsements stand. Endorsers count
 * by their role *now*, so a withdrawn role withdraws its endorsements.
 */
export function liveStanding(reviewer: Voter & {handle: Handle}, vettings: Vetting[], voters: Map<Handle, Voter>, rule: AcceptanceRule): Exclude<Standing, 'rejected' | 'retracted'> {
  if (vettings.some((vetting) => vetting.verdict === 'dispute' && vetting.resolved === undefined)) return 'disputed';
  const endorsers = new Set<Handle>();
  for (const vetting of vettings) {
    if (vetting.verdict !== 'endorse' || vetting.by === reviewer.handle) continue;
    const voter = voters.get(vetting.by);
    if (!voter || !roleAtLeast(voter.role, rule.minRole)) continue;
    // Without an organisation a person is their own: only a shared, named organisation disqualifies.
    if (rule.otherOrganisation && reviewer.organisation !== null && voter.organisation === reviewer.organisation) continue;
    endorsers.add(vetting.by);
  }
  return endorsers.size >= rule.endorsements ? 'accepted' : 'pending';
}
