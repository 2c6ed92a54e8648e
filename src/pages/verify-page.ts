import {html, type Html} from './html.ts';
import {credentialCard} from './credential-page.ts';
import type {CredentialView} from './credential-view.ts';
import type {RecipientCheck} from '../credentials/recipients.ts';

/** What the inspector found, as the /verify page shows it. */
export interface InspectionView {
  /** `legacy`: the Open Badges version of an OB 2.0 (or older) assertion, whose checks differ from an OB 3.0 credential's. */
  credentials: Array<{source: string; view: CredentialView; legacy?: string; recipient?: RecipientCheck}>;
  problems: Array<{source: string; reason: string}>;
  suspicious: Array<{source: string; reason: string}>;
}

export const VERIFY_FIELDS = {text: 'text', file: 'file', url: 'url', recipient: 'recipient'} as const;

/** A plain multipart form: it works with JavaScript switched off. */
export function verifyForm(): Html {
  return html`<h1>Verify a badge</h1>
<p>Check any Open Badges credential: paste it, upload a file, or give an address. Hallmark says whether it is genuine, by whom it was issued, and whether it still counts.</p>
<form class="verify" method="post" action="/verify" enctype="multipart/form-data">
<fieldset><legend>Paste a credential (JSON or JWT)</legend>
<textarea name="${VERIFY_FIELDS.text}" aria-label="credential text" spellcheck="false"></textarea></fieldset>
<fieldset><legend>…or upload a file (PNG, SVG or JSON)</legend>
<input type="file" name="${VERIFY_FIELDS.file}" aria-label="credential file" accept=".png,.svg,.json,.jwt,image/png,image/svg+xml,application/json"></fieldset>
<fieldset><legend>…or give an address (a credential, badge, README or résumé)</legend>
<input type="url" name="${VERIFY_FIELDS.url}" aria-label="address" placeholder="https://"></fieldset>
<fieldset><legend>Whose should it be? (optional)</legend>
<label for="verify-recipient">The person's email address, profile URL or DID; several separated by commas</label>
<input type="text" id="verify-recipient" name="${VERIFY_FIELDS.recipient}" autocomplete="off" spellcheck="false"></fieldset>
<button type="submit">Verify</button>
</form>`;
}

export function inspectionResults(result: InspectionView): Html {
  const found = result.credentials.length;
  return html`<h1>Verification results</h1>
<p>${found === 0 ? 'No credential could be verified from what you gave.' : `Found ${found} credential${found === 1 ? '' : 's'}.`}</p>
${result.credentials.map(({source, view, legacy, recipient}) => html`<article class="card"><p class="muted">From <code>${source}</code>${legacy ? ` · an Open Badges ${legacy} assertion` : ''}</p><h2>${view.title}</h2>${recipient ? recipientLine(recipient) : ''}${credentialCard(view)}</article>`)}
${result.suspicious.length > 0 ? html`<h2>Suspicious</h2><ul class="suspicious">${result.suspicious.map((item) => html`<li><code>${item.source}</code>: ${item.reason}</li>`)}</ul>` : ''}
${result.problems.length > 0 ? html`<h2>Could not verify</h2><ul class="problems">${result.problems.map((item) => html`<li><code>${item.source}</code>: ${item.reason}</li>`)}</ul>` : ''}
<p><a href="/verify">Verify something else</a></p>`;
}

const RECIPIENT_WORDS: Record<RecipientCheck['result'], string> = {
  matched: 'Issued to this person',
  'not-matched': 'Not this person\'s badge',
  'not-checked': 'Recipient not checked',
};

function recipientLine(recipient: RecipientCheck): Html {
  return html`<p class="recipient recipient-${recipient.result}"><strong>${RECIPIENT_WORDS[recipient.result]}</strong> (recipient: ${recipient.result}): ${recipient.message}</p>`;
}
