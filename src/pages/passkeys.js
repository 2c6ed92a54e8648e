// Passkeys: a small same-origin enhancement. Every page works without it;
// password sign-in needs no script at all. Browsers without WebAuthn's JSON
// helpers never see the passkey buttons.
(() => {
  const supported = typeof window.PublicKeyCredential === 'function'
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';
  if (!supported) return;

  async function post(url, token, body) {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': token},
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error((data && data.error && data.error.message) || `the server answered ${response.status}`);
    return data;
  }

  async function register(button) {
    const {options, token} = await post('/account/passkeys/options', button.dataset.token, {});
    const credential = await navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)});
    const label = document.getElementById('passkey-label');
    await post('/account/passkeys', token, {response: credential.toJSON(), label: label ? label.value : ''});
    window.location.assign('/account?passkey=added#passkeys');
  }

  async function signIn(button) {
    const {options, token} = await post('/sign-in/passkey/options', button.dataset.token, {});
    const credential = await navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
    const {redirect} = await post('/sign-in/passkey', token, {response: credential.toJSON(), next: button.dataset.next || '/account'});
    window.location.assign(redirect);
  }

  for (const part of document.querySelectorAll('[data-passkey-only]')) part.hidden = false;
  for (const button of document.querySelectorAll('button[data-passkey]')) {
    const status = document.getElementById(button.getAttribute('aria-controls'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      if (status) status.textContent = 'Waiting for your passkey…';
      try {
        await (button.dataset.passkey === 'register' ? register(button) : signIn(button));
      } catch (error) {
        if (status) status.textContent = `${error.message} Reload the page to try again.`;
      }
    });
  }
})();
