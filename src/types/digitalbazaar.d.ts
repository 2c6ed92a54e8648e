// Typed surface of the digitalbazaar libraries that ship no declarations.
// Only what Hallmark calls is declared; widen deliberately when you need more.

declare module '@digitalbazaar/vc' {
  export type DocumentLoader = (url: string) => Promise<{contextUrl: null; documentUrl: string; document: unknown}>;
  export interface VerifyCredentialResult {
    verified: boolean;
    error?: Error & {errors?: Error[]};
    results?: Array<{verified: boolean; error?: Error; proof?: Record<string, unknown>}>;
    statusResult?: {verified: boolean};
  }
  export interface ProofPurposeResult {
    valid: boolean;
    error?: Error;
    controller?: {id?: string};
  }
  export class CredentialIssuancePurpose {
    constructor(options?: {controller?: unknown; date?: Date | string; maxTimestampDelta?: number});
    validate(proof: unknown, options: {document: unknown; verificationMethod?: unknown; [key: string]: unknown}): Promise<ProofPurposeResult>;
  }
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: DocumentLoader;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: Record<string, unknown>;
    suite: unknown | unknown[];
    documentLoader: DocumentLoader;
    now?: Date | string;
    maxClockSkew?: number;
    checkStatus?: (options: unknown) => Promise<{verified: boolean}>;
    purpose?: unknown;
    controller?: unknown;
  }): Promise<VerifyCredentialResult>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: {signer?: unknown; cryptosuite: unknown; date?: Date | string; legacyContext?: boolean});
    verificationMethod?: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: {name: string; canonize: unknown; createVerifier: unknown};
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    /** The raw 32-byte public key, once imported. */
    publicKey?: Uint8Array;
    signer(): {id?: string; algorithm: string; sign(options: {data: Uint8Array}): Promise<Uint8Array>};
    verifier(): {id?: string; algorithm: string; verify(options: {data: Uint8Array; signature: Uint8Array}): Promise<boolean>};
    export(options?: {publicKey?: boolean; secretKey?: boolean; includeContext?: boolean; raw?: boolean; canonicalize?: boolean}): Promise<Record<string, unknown>>;
  }
  export function generate(options?: {id?: string; controller?: string; seed?: Uint8Array}): Promise<Ed25519MultikeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyPair>;
  export function fromJwk(options: {jwk: Record<string, unknown>; secretKey?: boolean; id?: string; controller?: string}): Promise<Ed25519MultikeyPair>;
  export function toJwk(options: {keyPair: Ed25519MultikeyPair; secretKey?: boolean}): Promise<Record<string, unknown>>;
}

declare module '@digitalbazaar/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    static from(key: Record<string, unknown>): Promise<Ed25519VerificationKey2020>;
    static generate(options?: {id?: string; controller?: string; seed?: Uint8Array}): Promise<Ed25519VerificationKey2020>;
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    signer(): {id?: string; sign(options: {data: Uint8Array}): Promise<Uint8Array>};
    export(options?: {publicKey?: boolean; privateKey?: boolean; includeContext?: boolean}): Record<string, unknown>;
  }
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: {key?: unknown; signer?: unknown; date?: Date | string; verificationMethod?: string});
    verificationMethod?: string;
  }
}

declare module 'jsonld' {
  const jsonld: {
    expand(input: unknown, options: Record<string, unknown>): Promise<unknown[]>;
    toRDF(input: unknown, options: Record<string, unknown>): Promise<unknown>;
  };
  export default jsonld;
}

declare module '@digitalbazaar/ecdsa-multikey' {
  export interface EcdsaMultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    export(options?: {publicKey?: boolean; secretKey?: boolean; includeContext?: boolean}): Promise<Record<string, unknown>>;
  }
  export function from(key: Record<string, unknown>): Promise<EcdsaMultikeyPair>;
  export function toJwk(options: {keyPair: EcdsaMultikeyPair; secretKey?: boolean}): Promise<Record<string, unknown>>;
}

declare module '@digitalbazaar/ecdsa-sd-2023-cryptosuite' {
  /** The cryptosuite that verifies derived (selectively disclosed) ecdsa-sd-2023 proofs. */
  export function createVerifyCryptosuite(): {name: string; canonize: unknown; createVerifier: unknown};
}

declare module 'jsonld-shared-contexts' {
  const jsonld: {
    expand(input: unknown, options: Record<string, unknown>): Promise<unknown[]>;
    toRDF(input: unknown, options: Record<string, unknown>): Promise<unknown>;
  };
  export default jsonld;
}

declare module 'rdf-canonize' {
  export function canonize(dataset: unknown, options: Record<string, unknown>): Promise<string>;
  type Term = {termType: string; value: string; datatype?: {termType: string; value: string}; language?: string};
  export const NQuads: {serializeQuadComponents(subject: Term, predicate: Term, object: Term, graph: Term): string};
}

declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array | undefined;
}

/** A devDependency: the third-party status checker the interop tests hold our verdicts to. */
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function checkStatus(options: {credential: Record<string, unknown>; documentLoader: unknown; suite: unknown; verifyBitstringStatusListCredential?: boolean; verifyMatchingIssuers?: boolean}): Promise<{
    verified: boolean;
    error?: Error;
    results?: Array<{verified: boolean; status: boolean}>;
  }>;
}
