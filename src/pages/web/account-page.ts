import {html, type Html} from '../html.ts';
import {buttonForm, formError, postForm, textField} from '../forms.ts';
import {displayDate} from '../verdict.ts';

export interface AccountView {
  handle: string;
  name: string;
  kind: string;
  organisation: string | null;
  organisationConfirmed: boolean;
  roles: Array<{community: string; role: string}>;
  mayFoundCommunities: boolean;
  sessions: Array<{id: string; current: boolean; createdAt: string; lastSeenAt: string; userAgent: string | null; method: string}>;
  tokens: Array<{id: string; label: string | null; createdAt: string; revokedAt: string | null}>;
  passkeys: Array<{id: string; label: string; createdAt: string; lastUsedAt: string | null; backedUp: boolean}>;
  /** A token just made: shown this once. */
  newToken: {label: string | null; token: string} | null;
  /** A fresh form token for each form on the page. */
  token: () => string;
  error: string | null;
}

function sessionRow(view: AccountView, session: AccountView['sessions'][number]): Html {
  return html`<tr><td>${session.userAgent ?? 'Unknown browser'}${session.current ? html` <strong>(this browser)</strong>` : ''}</td><td>${session.method}</td><td>${displayDate(session.createdAt)}</td><td>${displayDate(session.lastSeenAt)}</td>
<td>${buttonForm(`/account/sessions/${session.id}/revoke`, view.token(), session.current ? 'Sign out here' : 'End this session')}</td></tr>`;
}

function tokenRow(view: AccountView, token: AccountView['tokens'][number]): Html {
  return html`<tr><td>${token.label ?? html`<span class="muted">no label</span>`}</td><td>${displayDate(token.createdAt)}</td>
<td>${token.revokedAt ? html`revoked ${displayDate(token.revokedAt)}` : buttonForm(`/account/tokens/${token.id}/revoke`, view.token(), 'Revoke')}</td></tr>`;
}

export function accountPage(view: AccountView): Html {
  const liveTokens = view.tokens.filter((token) => token.revokedAt === null);
  return html`<p class="muted">Your account</p>
<h1>${view.name}</h1>
${formError(view.error)}
<dl class="facts"><dt>Handle</dt><dd>${view.handle}</dd>
${view.organisation ? html`<dt>Organisation</dt><dd>${view.organisation} ${view.organisationConfirmed ? '(confirmed by it)' : html`<span class="muted">(not confirmed yet: it counts once ${view.organisation} confirms you)</span>`}</dd>` : ''}
<dt>Public page</dt><dd><a href="/reviewers/${view.handle}">/reviewers/${view.handle}</a></dd></dl>
${view.kind === 'person' ? postForm('/account/affiliation', view.token(), html`${textField({name: 'organisation', label: 'Your organisation (its handle here)', value: view.organisation ?? '', maxLength: 63, hint: 'Rules that want reviewers of different organisations count it once the organisation confirms you; leave empty for none.'})}<p><button type="submit">Save my organisation</button></p>`, {label: 'Your organisation'}) : ''}
${view.kind === 'organisation' ? html`<p><a href="/account/organisation">Your organisation's members, issuer and endorsements</a></p>` : ''}
<h2>Your communities</h2>
${view.roles.length === 0 ? html`<p class="muted">You hold no role in a community yet.</p>` : html`<ul>${view.roles.map((role) => html`<li><a href="/communities/${role.community}">${role.community}</a>: ${role.role}</li>`)}</ul>`}
${view.mayFoundCommunities ? html`<p><a href="/communities/new">Found a community</a></p>` : ''}
<h2 id="sessions">Where you are signed in</h2>
<table class="list"><caption class="visually-hidden">Your sessions</caption><thead><tr><th scope="col">Browser</th><th scope="col">Signed in with</th><th scope="col">Since</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${view.sessions.map((session) => sessionRow(view, session))}</tbody></table>
<p><a href="/account/connected-apps">Connected apps</a> <span class="muted">(backpacks and wallets you allowed to use your account, and the badges they keep here)</span></p>
<h2 id="passkeys">Passkeys</h2>
<p class="muted">A passkey signs you in without a password, with your device's screen lock or a security key.</p>
${view.passkeys.length === 0 ? html`<p class="muted">No passkeys yet.</p>` : html`<table class="list"><caption class="visually-hidden">Your passkeys</caption><thead><tr><th scope="col">Name</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
${view.passkeys.map((passkey) => html`<tr><td>${passkey.label}${passkey.backedUp ? html` <span class="muted">(synced)</span>` : ''}</td><td>${displayDate(passkey.createdAt)}</td><td>${displayDate(passkey.lastUsedAt)}</td><td>${buttonForm(`/account/passkeys/${passkey.id}/remove`, view.token(), 'Remove')}</td></tr>`)}</tbody></table>`}
<div data-passkey-only hidden>
<p class="field"><label for="passkey-label">Name for a new passkey</label><input id="passkey-label" type="text" maxlength="60" placeholder="e.g. laptop"></p>
<p><button type="button" data-passkey="register" data-token="${view.token()}" aria-controls="passkey-add-status">Add a passkey</button></p>
<p id="passkey-add-status" role="status" aria-live="polite"></p></div>
<noscript><p class="muted">Adding a passkey needs JavaScript; everything else here works without it.</p></noscript>
<h2 id="tokens">API tokens</h2>
<p class="muted">A token lets a program (the <code>hallmark</code> command, CI) act as you through the API: <code>Authorization: Bearer &lt;token&gt;</code>.</p>
${view.newToken ? html`<div class="verdict good" role="status"><p>Your new token${view.newToken.label ? html` “${view.newToken.label}”` : ''} is shown this once; copy it now:</p><p><code class="secret">${view.newToken.token}</code></p></div>` : ''}
${liveTokens.length === 0 && view.tokens.length === 0 ? html`<p class="muted">No tokens yet.</p>` : html`<table class="list"><caption class="visually-hidden">Your API tokens</caption><thead><tr><th scope="col">Label</th><th scope="col">Made</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>${view.tokens.map((token) => tokenRow(view, token))}</tbody></table>`}
${postForm('/account/tokens', view.token(), html`${textField({name: 'label', label: 'Label for a new token', maxLength: 200, hint: 'What it is for, e.g. "laptop" or "CI".'})}<p><button type="submit">Make a token</button></p>`, {label: 'Make an API token'})}`;
}
