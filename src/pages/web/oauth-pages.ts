import {html, type Html} from '../html.ts';
import {buttonForm, tokenInput} from '../forms.ts';

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

export function connectedAppsPage(apps: ConnectedAppView[], token: () => string): Html {
  return html`<p class="muted"><a href="/account">Your account</a></p>
<h1>Connected apps</h1>
<p class="muted">Apps (backpacks, wallets) you allowed to use your account through the Open Badges API. Disconnecting one ends its access at once.</p>
${apps.length === 0 ? html`<p class="muted">No apps are connected.</p>` : html`<table class="list"><caption class="visually-hidden">Your connected apps</caption><thead><tr><th scope="col">App</th><th scope="col">May</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
${apps.map((app) => html`<tr><td>${app.uri ? html`<a href="${app.uri}" rel="noopener noreferrer">${app.name}</a>` : app.name}</td><td>${scopeList(app.scopes)}</td><td>${buttonForm(`/account/connected-apps/${app.clientId}/revoke`, token(), `Disconnect ${app.name}`)}</td></tr>`)}</tbody></table>`}`;
}
