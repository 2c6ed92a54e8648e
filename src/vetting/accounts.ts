import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import type {KeyVault, SealedSecret} from '../credentials/key-vault.ts';
import type {IssuerService} from '../credentials/issuers.ts';
import {generateEd25519Key, type SigningKey} from '../credentials/sign.ts';
import type {TokenScope} from '../auth/tokens.ts';
import type {VettingEvents} from './events.ts';
import {authorize} from '../authz/index.ts';
import {SLUG_PATTERN, type Account, type AccountKind, type Actor, type Handle} from './model.ts';

export interface AccountInput {
  handle: Handle;
  kind: AccountKind;
  name: string;
  /** A person's organisation (an existing organisation account). */
  organisation?: Handle;
  /** Give the account its own did:key for co-signing its reviews. */
  didKey?: boolean;
  /** An existing issuer this organisation account owns (admin only). */
  issuer?: string;
}

/** Where an account came from when not from the API: an invitation's id, so resuming its acceptance can tell its own account from another's. */
export interface AccountOrigin {
  invitation?: string;
}

interface AccountRecord extends Document, Account {
  /** The handle. */
  id: string;
  sealedSecretKey: SealedSecret | null;
  /** An organisation's own issuer being created: recorded first, cleared once the account owns it (resumed at start). */
  pendingIssuer?: OrganisationIssuerInput & {slug: string; name: string};
  /** Indexed twin of pendingIssuer, so a start finds what is pending. */
  issuerPending?: true;
  invitation?: string;
}

/** An organisation's own issuer: slug (default: the organisation's handle), name (default: its name), url, description. */
export interface OrganisationIssuerInput {
  slug?: string;
  name?: string;
  url?: string;
  description?: string;
}

/** What giving an organisation an issuer touches besides accounts. */
export interface IssuerGrantPorts {
  /** Points the organisation's live tokens at its issuer. */
  tokens: {setAccountIssuer(handle: Handle, issuerSlug: string | null): Promise<void>};
  /** Points the organisation's browser sessions at it too, so a signed-in organisation acts for it without signing in again. */
  sessions?: {setAccountIssuer(handle: Handle, issuerSlug: string | null): Promise<void>};
}

/** People and organisations who review, vet and endorse. */
export class AccountService {
  readonly #accounts: Collection<AccountRecord>;
  readonly #vault: KeyVault;
  readonly #issuers: IssuerService;
  readonly #events: VettingEvents;

  private constructor(accounts: Collection<AccountRecord>, vault: KeyVault, issuers: IssuerService, events: VettingEvents) {
    this.#accounts = accounts;
    this.#vault = vault;
    this.#issuers = issuers;
    this.#events = events;
  }

  static async open(store: Store, vault: KeyVault, issuers: IssuerService, events: VettingEvents): Promise<AccountService> {
    const accounts = await store.collection<AccountRecord>({name: 'vetting_accounts', indexes: [{fields: ['organisation']}, {fields: ['issuer'], unique: true}, {fields: ['issuerPending']}, {fields: ['did']}]});
    return new AccountService(accounts, vault, issuers, events);
  }

  /**
   * Creates an account on behalf of `actor`: the admin, or a steward of any
   * community (who vouches for people). Only the admin creates organisations, so
   * nobody else can claim an organisation's handle; a steward's word on a person's
   * organisation stays unconfirmed until that organisation confirms it.
   */
  async createAs(actor: Actor, input: AccountInput, now = new Date()): Promise<Account> {
    authorize(actor, input.kind === 'organisation' || input.issuer !== undefined ? 'accounts.create-organisation' : 'accounts.create');
    return actor.kind === 'admin' ? this.create(input, now) : this.#create(input, now, false);
  }

  /**
   * The organisation confirms (`true`) or withdraws (`false`) that `handle` belongs
   * to it; only the organisation's own token or the admin may. One compare-and-set
   * on the person's account, so a refusal or a race writes nothing.
   */
  async setMembership(actor: Actor, organisation: Handle, handle: Handle, confirmed: boolean): Promise<Account> {
    authorize(actor, 'organisations.members', {owner: organisation});
    const org = await this.get(organisation);
    if (org.kind !== 'organisation') throw notFound(`no organisation "${organisation}"`);
    const found = await this.#accounts.get(handle);
    if (!found) throw notFound(`no account "${handle}"`);
    if (found.doc.organisation !== organisation) throw new HallmarkError('conflict', `"${handle}" does not name "${organisation}" as their organisation`);
    if ((found.doc.organisationConfirmed ?? false) === confirmed) return publicAccount(found.doc);
    const updated = await this.#accounts.update(handle, found.version, {...found.doc, organisationConfirmed: confirmed});
    if (!updated) throw new HallmarkError('conflict', `the account "${handle}" changed meanwhile; try again`);
    const account = publicAccount(updated.doc);
    await this.#events.emit({type: 'membership-changed', account});
    return account;
  }

  /**
   * A person names their organisation (or none, with null). Naming it is a
   * claim: it counts only once that organisation confirms it, so a change
   * always starts unconfirmed. One compare-and-set, then the same event a
   * confirmation sends, so reviews and badges are decided again.
   */
  async nameOrganisation(actor: Actor, handle: Handle, organisation: Handle | null): Promise<Account> {
    // Part of managing one's own account: nobody else (not even the admin) speaks for whom a person works with.
    authorize(actor, 'accounts.own', {owner: handle});
    if (organisation !== null) {
      const named = await this.find(organisation);
      if (!named || named.kind !== 'organisation') throw invalidInput(`"${organisation.slice(0, 80)}" is not an organisation account here`, [{field: 'organisation', problem: 'must name an existing organisation account'}]);
    }
    const found = await this.#accounts.get(handle);
    if (!found) throw notFound(`no account "${handle}"`);
    if (found.doc.kind !== 'person') throw invalidInput('an organisation does not belong to an organisation', [{field: 'organisation', problem: 'only people name their organisation'}]);
    if (found.doc.organisation === organisation) return publicAccount(found.doc);
    const updated = await this.#accounts.update(handle, found.version, {...found.doc, organisation, organisationConfirmed: false});
    if (!updated) throw new HallmarkError('conflict', `the account "${handle}" changed meanwhile; try again`);
    const account = publicAccount(updated.doc);
    await this.#events.emit({type: 'membership-changed', account});
    return account;
  }

  /**
   * An organisation gets an issuer of its own, without the admin: the
   * organisation itself (or the admin) asks. The intent is recorded on the
   * account first; the issuer is created marked as the organisation's; its
   * tokens are pointed at it; then the account owns it. Every step can be
   * repeated, and `resumeIssuers()` finishes one a crash interrupted.
   */
  async obtainIssuer(actor: Actor, organisation: Handle, input: OrganisationIssuerInput, ports: IssuerGrantPorts, now = new Date()): Promise<Account> {
    authorize(actor, 'organisations.issuer', {owner: organisation});
    for (;;) {
      const found = await this.#accounts.get(organisation);
      if (!found || found.doc.kind !== 'organisation') throw notFound(`no organisation "${organisation.slice(0, 80)}"`);
      if (found.doc.issuer !== null) throw new HallmarkError('conflict', `"${organisation}" already has the issuer "${found.doc.issuer}"`);
      // One already under way (a crash, or a second request): finish that one.
      if (found.doc.pendingIssuer) return this.#finishIssuer(organisation, ports, now);
      const slug = input.slug ?? organisation;
      if (!SLUG_PATTERN.test(slug)) throw invalidInput(`"${slug}" cannot name an issuer`, [{field: '/slug', problem: 'give a slug: lowercase letters, digits and inner hyphens, at most 64'}]);
      const pendingIssuer = {slug, name: input.name ?? found.doc.name, ...(input.url ? {url: input.url} : {}), ...(input.description ? {description: input.description} : {})};
      if (await this.#accounts.update(organisation, found.version, {...found.doc, pendingIssuer, issuerPending: true})) return this.#finishIssuer(organisation, ports, now);
    }
  }

  /** Finishes every organisation issuer a crash left half-made. */
  async resumeIssuers(ports: IssuerGrantPorts): Promise<number> {
    const pending = await this.#accounts.find({issuerPending: true});
    for (const {doc} of pending) await this.#finishIssuer(doc.handle, ports, new Date()).catch((error: unknown) => {
      if (!(error instanceof HallmarkError)) throw error;
    });
    return pending.length;
  }

  async #finishIssuer(organisation: Handle, ports: IssuerGrantPorts, now: Date): Promise<Account> {
    const found = await this.#accounts.get(organisation);
    const pending = found?.doc.pendingIssuer;
    if (!found || !pending) return this.get(organisation);
    const owner = `account:${organisation}`;
    const {slug, ...profile} = pending;
    try {
      await this.#issuers.create({slug, ...profile}, now, owner);
    } catch (error) {
      if (!(error instanceof HallmarkError && error.kind === 'conflict')) throw error;
      const existing = await this.#issuers.get(slug);
      if (existing.owner !== owner) {
        await this.#settleIssuer(organisation, null);
        throw new HallmarkError('conflict', `an issuer with slug "${slug}" already exists; choose another slug`, [{field: '/slug', problem: 'is taken'}]);
      }
      // Ours, from before a crash: carry on.
    }
    await ports.tokens.setAccountIssuer(organisation, slug);
    await ports.sessions?.setAccountIssuer(organisation, slug);
    return this.#settleIssuer(organisation, slug);
  }

  /** Ends a pending issuer: owned (`slug`) or given up (null). */
  async #settleIssuer(organisation: Handle, slug: string | null): Promise<Account> {
    for (;;) {
      const found = await this.#accounts.get(organisation);
      if (!found) throw notFound(`no organisation "${organisation}"`);
      const {pendingIssuer: _pending, issuerPending: _flag, ...rest} = found.doc;
      const next: AccountRecord = {...rest, issuer: slug ?? found.doc.issuer};
      try {
        const updated = await this.#accounts.update(organisation, found.version, next);
        if (updated) return publicAccount(updated.doc);
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        throw new HallmarkError('conflict', `issuer "${slug}" already belongs to another organisation`, [{field: '/slug', problem: 'is owned by another account'}]);
      }
    }
  }

  /** People whose membership the organisation confirmed. */
  async members(organisation: Handle): Promise<Account[]> {
    const org = await this.get(organisation);
    if (org.kind !== 'organisation') throw notFound(`no organisation "${organisation}"`);
    return (await this.people(organisation)).filter((account) => account.organisationConfirmed).sort((a, b) => a.handle.localeCompare(b.handle));
  }

  /** The scope of `handle`'s tokens (TokenService decides who may manage them). */
  async tokenScope(handle: Handle): Promise<TokenScope> {
    const account = await this.get(handle);
    return {kind: 'account', handle: account.handle, issuerSlug: account.issuer};
  }

  /** Creates an account without asking who acts (the admin, the composition root, seeding and tests): a named organisation is confirmed. */
  async create(input: AccountInput, now = new Date()): Promise<Account> {
    return this.#create(input, now, true);
  }

  /** An account made by accepting an invitation: a person's, or an organisation's from an admin's organisation invitation (the invitation service has checked who invited). */
  async createInvited(input: AccountInput, invitation: string, now = new Date()): Promise<Account> {
    return this.#create(input, now, false, {invitation});
  }

  /** The invitation an account was made from, if any. */
  async originOf(handle: Handle): Promise<AccountOrigin | null> {
    const found = await this.#accounts.get(handle);
    return found ? {...(found.doc.invitation ? {invitation: found.doc.invitation} : {})} : null;
  }

  /** Lets a person found communities (an admin's invitation grants it); idempotent. */
  async allowFounding(handle: Handle): Promise<Account> {
    for (;;) {
      const found = await this.#accounts.get(handle);
      if (!found) throw notFound(`no account "${handle}"`);
      if (found.doc.kind !== 'person') throw invalidInput('only people found communities', [{field: 'handle', problem: 'names an organisation account'}]);
      if (found.doc.mayFoundCommunities === true) return publicAccount(found.doc);
      const updated = await this.#accounts.update(handle, found.version, {...found.doc, mayFoundCommunities: true});
      if (updated) return publicAccount(updated.doc);
    }
  }

  /** Changes the name an account shows (the Open Badges API's profile update); credentials already issued keep theirs. */
  async rename(handle: Handle, name: string): Promise<Account> {
    for (;;) {
      const found = await this.#accounts.get(handle);
      if (!found) throw notFound(`no account "${handle}"`);
      if (found.doc.name === name) return publicAccount(found.doc);
      const updated = await this.#accounts.update(handle, found.version, {...found.doc, name});
      if (updated) return publicAccount(updated.doc);
    }
  }

  async #create(input: AccountInput, now: Date, trusted: boolean, origin: AccountOrigin = {}): Promise<Account> {
    if (input.kind === 'organisation' && input.organisation !== undefined) {
      throw invalidInput('an organisation does not belong to an organisation', [{field: '/organisation', problem: 'only people name their organisation'}]);
    }
    if (input.kind === 'person' && input.issuer !== undefined) {
      throw invalidInput('only organisation accounts own an issuer', [{field: '/issuer', problem: 'must be omitted for a person'}]);
    }
    if (input.organisation !== undefined) {
      const organisation = await this.find(input.organisation);
      if (!organisation || organisation.kind !== 'organisation') {
        throw invalidInput(`"${input.organisation}" is not an organisation account`, [{field: '/organisation', problem: 'must name an existing organisation account'}]);
      }
    }
    if (input.issuer !== undefined) await this.#issuers.get(input.issuer).catch(() => {
      throw invalidInput(`there is no issuer "${input.issuer}"`, [{field: '/issuer', problem: 'must name an existing issuer'}]);
    });
    let did: string | null = null;
    let sealedSecretKey: SealedSecret | null = null;
    if (input.didKey) {
      const key = await generateEd25519Key();
      did = `did:key:${key.publicKeyMultibase}`;
      sealedSecretKey = this.#vault.seal(key.secretKeyMultibase, vaultBinding(input.handle));
    }
    const account: Account = {
      handle: input.handle,
      kind: input.kind,
      name: input.name,
      organisation: input.organisation ?? null,
      organisationConfirmed: trusted && input.organisation !== undefined,
      did,
      issuer: input.issuer ?? null,
      mayFoundCommunities: false,
      createdAt: now.toISOString(),
    };
    try {
      await this.#accounts.insert({id: input.handle, ...account, sealedSecretKey, ...(origin.invitation ? {invitation: origin.invitation} : {})});
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const taken = await this.find(input.handle);
      if (taken) throw new HallmarkError('conflict', `the handle "${input.handle}" is taken`, [{field: '/handle', problem: 'is taken'}]);
      throw new HallmarkError('conflict', `issuer "${input.issuer}" already belongs to another organisation`, [{field: '/issuer', problem: 'is owned by another account'}]);
    }
    return account;
  }

  /** Every account. */
  async list(): Promise<Account[]> {
    return (await this.#accounts.find({})).map(({doc}) => publicAccount(doc));
  }

  async find(handle: Handle): Promise<Account | null> {
    const found = await this.#accounts.get(handle);
    return found ? publicAccount(found.doc) : null;
  }

  async get(handle: Handle): Promise<Account> {
    const account = await this.find(handle);
    if (!account) throw notFound(`no account "${handle.slice(0, 80)}"`);
    return account;
  }

  /** The account whose own did:key this is; null for any other DID. */
  async findByDid(did: string): Promise<Account | null> {
    if (!did.startsWith('did:key:')) return null;
    const [found] = await this.#accounts.find({did}, {limit: 1});
    return found ? publicAccount(found.doc) : null;
  }

  /**
   * A reviewer is named by their did:key or by their page: the other ids that
   * name the same people as `ids` (so an endorsement of either reaches both).
   */
  async subjectAliases(ids: string[], reviewerPage: {of(handle: Handle): string; handleOf(url: string): string | null}): Promise<string[]> {
    const aliases: string[] = [];
    for (const id of ids) {
      const handle = reviewerPage.handleOf(id);
      const account = handle !== null ? await this.find(handle) : await this.findByDid(id);
      if (!account) continue;
      aliases.push(...[account.did, reviewerPage.of(account.handle)].filter((alias): alias is string => alias !== null && alias !== id));
    }
    return [...new Set(aliases)];
  }

  /** People who named this organisation. */
  async people(organisation: Handle): Promise<Account[]> {
    return (await this.#accounts.find({organisation})).map(({doc}) => publicAccount(doc));
  }

  /** The account's own did:key, decrypted for one signing operation; null when it has none. */
  async signingKey(handle: Handle): Promise<SigningKey | null> {
    const found = await this.#accounts.get(handle);
    if (!found?.doc.did || !found.doc.sealedSecretKey) return null;
    const publicKeyMultibase = found.doc.did.slice('did:key:'.length);
    return {
      verificationMethod: `${found.doc.did}#${publicKeyMultibase}`,
      controller: found.doc.did,
      publicKeyMultibase,
      secretKeyMultibase: this.#vault.open(found.doc.sealedSecretKey, vaultBinding(handle)),
    };
  }
}

/** Distinct from issuer slugs, so an account's sealed key cannot be replayed as an issuer's. */
function vaultBinding(handle: Handle): string {
  return `account:${handle}`;
}

function publicAccount(record: AccountRecord): Account {
  const {handle, kind, name, organisation, organisationConfirmed, did, issuer, mayFoundCommunities, createdAt} = record;
  // Accounts stored before confirmation (or founding rights) existed carry no flag: false is the safe reading.
  return {handle, kind, name, organisation, organisationConfirmed: organisationConfirmed ?? false, did, issuer, mayFoundCommunities: mayFoundCommunities ?? false, createdAt};
}
