/**
 * Passkeys (WebAuthn), with @simplewebauthn/server doing the protocol: a
 * signed-in person registers passkeys on their account page, and anyone signs
 * in with one (a discoverable credential: no handle to type). Challenges are
 * stored server-side, bound to the session or the browser that asked, good
 * for five minutes and used once. The relying party is this instance: its ID
 * is the public URL's host, its origin the public URL's origin.
 */
import {createHash} from 'node:crypto';
import {generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse} from '@simplewebauthn/server';
import type {AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON} from '@simplewebauthn/server';
import type {Collection, Document, Store} from '../store/port.ts';
import {HallmarkError, notFound} from '../errors.ts';
import type {AccountLookup} from './passwords-store.ts';

const CHALLENGE_MS = 5 * 60 * 1000;
/** Passkeys one account may hold. */
export const MAX_PASSKEYS = 20;

export interface Passkey {
  /** The credential id (base64url), as the authenticator gives it. */
  id: string;
  handle: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** Whether the authenticator says the key is synced (backed up) across devices. */
  backedUp: boolean;
}

interface PasskeyRecord extends Document, Passkey {
  publicKey: string;
  counter: number;
  transports: string[];
}

interface ChallengeRecord extends Document {
  /** Hash of binding and purpose: one outstanding challenge per browser and purpose. */
  id: string;
  challenge: string;
  handle: string | null;
  expiresAt: string;
}

export interface RelyingParty {
  /** The public URL's host name. */
  id: string;
  /** The public URL's origin. */
  origin: string;
  name: string;
}

export function relyingParty(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return {id: url.hostname, origin: url.origin, name: `Hallmark (${url.host})`};
}

export class PasskeyService {
  readonly #passkeys: Collection<PasskeyRecord>;
  readonly #challenges: Collection<ChallengeRecord>;
  readonly #accounts: AccountLookup;
  readonly #rp: RelyingParty;

  private constructor(passkeys: Collection<PasskeyRecord>, challenges: Collection<ChallengeRecord>, accounts: AccountLookup, rp: RelyingParty) {
    this.#passkeys = passkeys;
    this.#challenges = challenges;
    this.#accounts = accounts;
    this.#rp = rp;
  }

  static async open(store: Store, accounts: AccountLookup, rp: RelyingParty): Promise<PasskeyService> {
    const passkeys = await store.collection<PasskeyRecord>({name: 'passkeys', indexes: [{fields: ['handle']}]});
    const challenges = await store.collection<ChallengeRecord>({name: 'passkey_challenges', indexes: [{fields: ['expiresAt']}]});
    return new PasskeyService(passkeys, challenges, accounts, rp);
  }

  async list(handle: string): Promise<Passkey[]> {
    return (await this.#passkeys.find({handle})).map(({doc}) => publicPasskey(doc)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Options for registering a new passkey to `handle`, whose session is `binding`. */
  async registrationOptions(handle: string, binding: string, now = new Date()): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.#passkeys.find({handle});
    if (existing.length >= MAX_PASSKEYS) throw new HallmarkError('conflict', `an account holds at most ${MAX_PASSKEYS} passkeys; remove one first`);
    const options = await generateRegistrationOptions({
      rpName: this.#rp.name,
      rpID: this.#rp.id,
      userName: handle,
      // An opaque id per account, not the handle itself: authenticators may show or sync it.
      userID: createHash('sha256').update(`hallmark-user:${handle}`).digest().subarray(0, 16),
      attestationType: 'none',
      excludeCredentials: existing.map(({doc}) => ({id: doc.id, transports: doc.transports})),
      authenticatorSelection: {residentKey: 'required', userVerification: 'preferred'},
    });
    await this.#remember(binding, 'register', options.challenge, handle, now);
    return options;
  }

  /** Verifies the browser's answer and stores the passkey. */
  async register(handle: string, binding: string, response: RegistrationResponseJSON, label: string, now = new Date()): Promise<Passkey> {
    const challenge = await this.#take(binding, 'register', now);
    if (challenge.handle !== handle) throw refused('this passkey was started for another account; try again');
    let verified;
    try {
      verified = await verifyRegistrationResponse({response, expectedChallenge: challenge.challenge, expectedOrigin: this.#rp.origin, expectedRPID: this.#rp.id, requireUserVerification: false});
    } catch (error) {
      throw refused(`the passkey could not be registered: ${(error as Error).message}`);
    }
    if (!verified.verified) throw refused('the passkey could not be verified');
    const {credential, credentialBackedUp} = verified.registrationInfo;
    const record: PasskeyRecord = {
      id: credential.id, handle, label: label || 'Passkey', createdAt: now.toISOString(), lastUsedAt: null, backedUp: credentialBackedUp,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'), counter: credential.counter, transports: credential.transports ?? [],
    };
    await this.#passkeys.insert(record).catch(() => {
      throw new HallmarkError('conflict', 'this passkey is already registered');
    });
    return publicPasskey(record);
  }

  /** Options for signing in with any passkey of this instance (the browser offers the ones it has). */
  async signInOptions(binding: string, now = new Date()): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await generateAuthenticationOptions({rpID: this.#rp.id, userVerification: 'preferred'});
    await this.#remember(binding, 'sign-in', options.challenge, null, now);
    return options;
  }

  /** The account a passkey answer signs in; a 401 when it does not verify. */
  async signIn(binding: string, response: AuthenticationResponseJSON, now = new Date()): Promise<{handle: string; issuerSlug: string | null}> {
    const challenge = await this.#take(binding, 'sign-in', now);
    const found = typeof response?.id === 'string' && response.id.length <= 1024 ? await this.#passkeys.get(response.id) : null;
    if (!found) throw new HallmarkError('unauthorized', 'this passkey is not registered here');
    const record = found.doc;
    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response, expectedChallenge: challenge.challenge, expectedOrigin: this.#rp.origin, expectedRPID: this.#rp.id, requireUserVerification: false,
        credential: {id: record.id, publicKey: Buffer.from(record.publicKey, 'base64url'), counter: record.counter, transports: record.transports},
      });
    } catch (error) {
      throw new HallmarkError('unauthorized', `the passkey did not verify: ${(error as Error).message}`);
    }
    if (!verified.verified) throw new HallmarkError('unauthorized', 'the passkey did not verify');
    const account = await this.#accounts.find(record.handle);
    if (!account) throw new HallmarkError('unauthorized', 'this passkey belongs to no account');
    // The signature counter only grows; a clone would repeat it (authenticators that keep none send 0).
    await this.#passkeys.update(record.id, found.version, {...record, counter: verified.authenticationInfo.newCounter, lastUsedAt: now.toISOString()});
    return {handle: account.handle, issuerSlug: account.issuer};
  }

  async remove(handle: string, id: string): Promise<void> {
    const found = await this.#passkeys.get(id);
    if (!found || found.doc.handle !== handle) throw notFound('no such passkey on your account');
    await this.#passkeys.delete(id);
  }

  async #remember(binding: string, purpose: string, challenge: string, handle: string | null, now: Date): Promise<void> {
    await this.#challenges.purgeBefore('expiresAt', now.toISOString());
    const id = challengeId(binding, purpose);
    await this.#challenges.delete(id);
    await this.#challenges.insert({id, challenge, handle, expiresAt: new Date(now.getTime() + CHALLENGE_MS).toISOString()}).catch(() => {
      throw new HallmarkError('conflict', 'another passkey request from this browser is under way; try again');
    });
  }

  /** The outstanding challenge, deleted as it is read: each is answered once. */
  async #take(binding: string, purpose: string, now: Date): Promise<ChallengeRecord> {
    const id = challengeId(binding, purpose);
    const found = await this.#challenges.get(id);
    if (!found || !(await this.#challenges.delete(id, found.version))) throw refused('no passkey request is under way in this browser; start again');
    if (found.doc.expiresAt <= now.toISOString()) throw refused('the passkey request took longer than five minutes; start again');
    return found.doc;
  }
}

function challengeId(binding: string, purpose: string): string {
  return `ch_${createHash('sha256').update(`${purpose}|${binding}`).digest('base64url')}`;
}

function refused(message: string): HallmarkError {
  return new HallmarkError('invalid-input', message);
}

function publicPasskey(record: PasskeyRecord): Passkey {
  const {id, handle, label, createdAt, lastUsedAt, backedUp} = record;
  return {id, handle, label, createdAt, lastUsedAt, backedUp};
}

