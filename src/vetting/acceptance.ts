import {roleAtLeast, type AcceptanceRule, type Handle, type Role, type Standing, type Vetting} from './model.ts';

export interface Voter {
  role: Role | null;
  organisation: Handle | null;
}

/** How the acceptance rule reads a review's vettings: whose endorsements count, whose do not and why. */
export interface EndorsementTally {
  counted: Handle[];
  notCounted: Array<{handle: Handle; why: string}>;
  openDisputes: Vetting[];
}

const ROLE_NOUN: Record<Role, string> = {member: 'member', auditor: 'auditor', 'senior-auditor': 'senior auditor', steward: 'steward'};

export function tallyEndorsements(reviewer: Voter & {handle: Handle}, vettings: Vetting[], voters: Map<Handle, Voter>, rule: AcceptanceRule): EndorsementTally {
  const counted = new Set<Handle>();
  const notCounted: EndorsementTally['notCounted'] = [];
  for (const vetting of vettings) {
    if (vetting.verdict !== 'endorse' || vetting.by === reviewer.handle) continue;
    const voter = voters.get(vetting.by);
    if (!voter || !roleAtLeast(voter.role, rule.minRole)) {
      notCounted.push({handle: vetting.by, why: `${voter?.role ? article(ROLE_NOUN[voter.role]) : 'no role now'}, not ${article(ROLE_NOUN[rule.minRole])}${rule.minRole === 'steward' ? '' : ' or above'}`});
      continue;
    }
    // Without an organisation a person is their own: only a shared, named organisation disqualifies.
    if (rule.otherOrganisation && reviewer.organisation !== null && voter.organisation === reviewer.organisation) {
      notCounted.push({handle: vetting.by, why: "of the reviewer's own organisation"});
      continue;
    }
    counted.add(vetting.by);
  }
  const openDisputes = vettings.filter((vetting) => vetting.verdict === 'dispute' && vetting.resolved === undefined);
  return {counted: [...counted], notCounted, openDisputes};
}

/**
 * The standing a live (not retracted, not rejected) review has under the
 * community's rule: an unresolved dispute holds it at `disputed`; otherwise
 * it is accepted once enough qualifying endorsements stand. Endorsers count
 * by their role *now*, so a withdrawn role withdraws its endorsements.
 */
export function liveStanding(reviewer: Voter & {handle: Handle}, vettings: Vetting[], voters: Map<Handle, Voter>, rule: AcceptanceRule): Exclude<Standing, 'rejected' | 'retracted'> {
  const tally = tallyEndorsements(reviewer, vettings, voters, rule);
  if (tally.openDisputes.length > 0) return 'disputed';
  return tally.counted.length >= rule.endorsements ? 'accepted' : 'pending';
}

/**
 * Why a review stands where it does, in words, from the same tally the rule
 * decides with: e.g. "needs an endorsement from a senior auditor (or above) of
 * another organisation".
 */
export function explainStanding(standing: Standing, reviewer: Voter & {handle: Handle}, vettings: Vetting[], voters: Map<Handle, Voter>, rule: AcceptanceRule): string {
  if (standing === 'retracted') return 'withdrawn by the reviewer; it no longer counts';
  if (standing === 'rejected') return 'rejected by a steward of the community; it no longer counts';
  const tally = tallyEndorsements(reviewer, vettings, voters, rule);
  const asides = tally.notCounted.map((entry) => `${entry.handle}'s endorsement does not count (${entry.why})`);
  const aside = (text: string) => asides.length > 0 ? `${text}; ${asides.join('; ')}` : text;
  if (standing === 'disputed' || tally.openDisputes.length > 0) {
    const by = tally.openDisputes.map((dispute) => dispute.by);
    return `held by ${by.length === 1 ? `a dispute from ${by[0]}` : `disputes from ${by.join(', ')}`} until a steward of the community resolves it`;
  }
  if (standing === 'accepted') {
    if (rule.endorsements === 0) return 'accepted on submission: this community needs no endorsement';
    return `accepted: endorsed by ${tally.counted.join(', ')}`;
  }
  const missing = Math.max(1, rule.endorsements - tally.counted.length);
  const who = rule.minRole === 'steward' ? 'steward' : ROLE_NOUN[rule.minRole];
  const orLater = rule.minRole === 'steward' ? '' : ' (or above)';
  const where = rule.otherOrganisation && reviewer.organisation !== null ? (missing === 1 ? ' of another organisation' : ' of other organisations') : ' other than the reviewer';
  const need = missing === 1
    ? `needs ${tally.counted.length > 0 ? 'one more endorsement' : 'an endorsement'} from ${article(who)}${orLater}${where}`
    : `needs ${missing} more endorsements from ${who}s${orLater}${where}`;
  return aside(need);
}

function article(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}
