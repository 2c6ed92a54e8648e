import {CONTEXTS} from '../../../src/credentials/contexts.ts';
import {contextsForProof, type ProofType} from '../../../src/credentials/sign.ts';
import type {Json} from './signing.ts';

/** What a fast path and its reference path are compared on: the value, or that it threw. */
export async function outcome<T>(run: () => Promise<T>): Promise<{value?: T; failed?: true}> {
  try {
    return {value: await run()};
  } catch {
    return {failed: true};
  }
}

/** An OB 3.0 credential for differential tests, with the generated strings in place; a status entry when `statusList` is given. */
export function differentialCredential(
  options: {issuer: string; proofType: ProofType; name: string; subjectName: string; narrative: string; index: number; statusList?: string},
): Json {
  const {issuer, proofType, name, subjectName, narrative, index, statusList} = options;
  return {
    '@context': contextsForProof([CONTEXTS.credentialsV2, CONTEXTS.ob], proofType),
    id: `urn:uuid:00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: {id: issuer, type: ['Profile'], name: `${name} office`},
    validFrom: '2024-02-01T00:00:00Z',
    credentialSubject: {
      id: 'https://registry.example/packages/left-pad',
      type: ['AchievementSubject'],
      achievement: {id: 'https://example.org/achievements/a', type: ['Achievement'], name: subjectName, description: 'd', criteria: {narrative}},
    },
    ...(statusList === undefined
      ? {}
      : {credentialStatus: {id: `${statusList}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: statusList}}),
  };
}
