import type {ErrorKind, FieldProblem} from '../../errors.ts';
import type {VerificationReport} from '../report.ts';
import type {VerifyContext} from '../verify/index.ts';
import type {RevocationRecord} from '../documents.ts';

/**
 * What the pool and its workers say to each other. Everything here is plain
 * data (structured clone): a verification's input and options go out, its
 * report comes back, and in between a worker asks the pool for the
 * documents (keys, status lists) the verification needs, the bytes of
 * related resources to hash, and this instance's records of revocations
 * for good (documents.ts).
 */
export type PooledOptions = Omit<VerifyContext, 'resolver' | 'endorsements'>;

export type ToWorker =
  | {kind: 'verify'; id: number; input: unknown; options: PooledOptions}
  | {kind: 'document'; id: number; document?: unknown; unavailable?: string; failed?: string}
  | {kind: 'bytes'; id: number; bytes?: Uint8Array; unavailable?: string; failed?: string}
  | {kind: 'revocation'; id: number; revocation: RevocationRecord | null; failed?: string};

export type FromWorker =
  | {kind: 'ready'}
  | {kind: 'report'; id: number; report: VerificationReport}
  | {kind: 'refused'; id: number; error: {kind: ErrorKind; message: string; problems: FieldProblem[]}}
  | {kind: 'failed'; id: number; message: string}
  | {kind: 'document'; id: number; url: string}
  | {kind: 'bytes'; id: number; url: string}
  | {kind: 'revocation'; id: number; listUrl: string; index: number; credentialId: string};
