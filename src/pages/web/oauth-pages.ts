import {html, type Html} from '../html.ts';
import {buttonForm, tokenInput} from '../forms.ts';
import {displayDate} from '../verdict.ts';

/** A scope as the pages show it: the words, and the scope itself for those who know it. */
export interface ScopeView {
  scope: string;
  words: string;
}

export interface ConsentView {
  clientName: string;
  clientUri: string | null;
  /** Where the app will receive the answer (so a person can tell a look-alike). */
  redirectHost: string;
  handle: string;
  scopes: ScopeView[];
  action: string;
  token: string;
}

function scopeList(scopes: ScopeView[]): Html {
  return html`<ul class="scopes">${scopes.map((scope) => html`<li>${scope.words} <span class="muted"><code>${scope.scope}</code></span></li>`)}</ul>`;
}

/** "May this app …?": the app by name, each scope in words, allow or deny. */
export function consentPage(view: ConsentView): Html {
  return html`<p class="muted">Connect an app</p>
<h1>${view.clientName} wants to use your Hallmark account</h1>
<dl class="facts"><dt>App</dt><dd>${view.clientUri ? html`<a href="${view.clientUri}" rel="noopener noreferrer">${view.clientName}</a>` : view.clientName}</dd>
<dt>Answers go to</dt><dd><code>${view.redirectHost}</code></dd>
<dt>Your account</dt><dd>${view.handle}</dd></dl>
<h2>If you allow it, ${view.clientName} may</h2>
${view.scopes.length === 0 ? html`<p class="muted">Nothing: it asked for no access that Hallmark grants.</p>` : scopeList(view.scopes)}
<p class="muted">You can disconnect it at any time on <a href="/account/connected-apps">your connected apps</a> page.</p>
<form method="post" action="${view.action}" class="inline">${tokenInput(view.token)}<button type="submit" name="decision" value="allow">Allow</button> <button type="submit" name="decision" value="deny">Deny</button></form>`;
}

export interface ConnectedAppView {
  clientId: string;
  name: string;
  uri: string | null;
  scopes: ScopeView[];
}

/** A credential an app keeps here, with the verdict it got on arrival. */
export interface KeptView {
  name: string;
  issuerName: string | null;
  verified: boolean;
  status: string;
  updatedAt: string;
}

function keptTable(kept: KeptView[]): Html {
  if (kept.length === 0) return html`<p class="muted">No app keeps badges here for you.</p>`;
  return html`<table class="list"><caption class="visually-hidden">Badges apps keep here</caption><thead><tr><th scope="col">Badge</th><th scope="col">Issuer</th><th scope="col">Verification</th><th scope="col">Kept since</th></tr></thead><tbody>
${kept.map((item) => html`<tr><td>${item.name}</td><td>${item.issuerName ?? html`<span class="muted">not named</span>`}</td><td>${item.verified ? html`<span class="good">verified</span>` : html`<span class="bad">not verified</span>`} <span class="muted">(${item.status})</span></td><td>${displayDate(item.updatedAt)}</td></tr>`)}</tbody></table>`;
}

export function connectedAppsPage(apps: ConnectedAppView[], kept: KeptView[], token: () => string): Html {
  return html`<p class="muted"><a href="/account">Your account</a></p>
<h1>Connected apps</h1>
<p class="muted">Apps (backpacks, wallets) you allowed to use your account through the Open Badges API. Disconnecting one ends its access at once.</p>
${apps.length === 0 ? html`<p class="muted">No apps are connected.</p>` : html`<table class="list"><caption class="visually-hidden">Your connected apps</caption><thead><tr><th scope="col">App</th><th scope="col">May</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
${apps.map((app) => html`<tr><td>${app.uri ? html`<a href="${app.uri}" rel="noopener noreferrer">${app.name}</a>` : app.name}</td><td>${scopeList(app.scopes)}</td><td>${buttonForm(`/account/connected-apps/${app.clientId}/revoke`, token(), `Disconnect ${app.name}`)}</td></tr>`)}</tbody></table>`}
<h2 id="kept">Badges apps keep here</h2>
<p class="muted">Credentials a connected app sent for safe-keeping, each verified when it arrived. Only you and the apps you allow to read your badges see them.</p>
${keptTable(kept)}`;
}

/** What the Open Badges API and connected apps may see and what is kept (the API's privacy policy and terms). */
export function privacyPage(): Html {
  return html`<h1>Privacy and terms of the Open Badges API</h1>
<p>Apps such as backpacks and wallets connect to your Hallmark account through the 1EdTech Open Badges 3.0 API, only after you allow them on a page that names the app and what it asks for.</p>
<h2>What a connected app sees</h2>
<ul><li>With “read badges”: the credentials you earned here (milestones, accepted reviews) and those apps keep here for you.</li>
<li>With “read profile”: your handle, the address of your public page and your name.</li></ul>
<h2>What is kept</h2>
<ul><li>For each app you connect: its registration (name, address, redirect addresses), what you allowed it, and its tokens, stored only as hashes.</li>
<li>Credentials an app keeps here for you, with the result of verifying them when they arrived. They are not shown on your public page.</li></ul>
<h2 id="terms">Terms</h2>
<p>You can disconnect an app at any time on your <a href="/account/connected-apps">connected apps</a> page; its tokens stop working at once. An app may only act within the scopes you allowed.</p>`;
}
