import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {acceptInvitation, browserAgent, invite, type Agent} from '../helpers/web.ts';

/** The passkey script's first token on a page (data-token of a passkey button). */
async function scriptToken(agent: Agent, path: string): Promise<string> {
  const page = await agent.get(path);
  const token = /data-passkey="[^"]+" data-token="([^"]+)"/.exec(page.text)?.[1];
  assert.ok(token, `${path} offers passkeys to the script`);
  return token;
}

describe('passkey endpoints refuse what they must and store nothing', () => {
  let t: TestHallmark;
  let kim: Agent;
  before(async () => {
    t = await startHallmark();
    kim = browserAgent(t);
    await acceptInvitation(kim, await invite(t), 'kim');
  });
  after(async () => t.close());

  const json = (agent: Agent, path: string, token: string | null, body: unknown) => {
    const request = agent.post(path).set('Accept', 'application/json').set('Content-Type', 'application/json');
    return (token ? request.set('X-CSRF-Token', token) : request).send(JSON.stringify(body));
  };

  it('needs the form token, a signed-in person to register, and a well-formed answer', async () => {
    assert.equal((await json(kim, '/account/passkeys/options', null, {})).status, 403);
    const options = await json(kim, '/account/passkeys/options', await scriptToken(kim, '/account'), {});
    assert.equal(options.status, 200);
    assert.equal(options.body.options.rp.id, 'localhost');
    assert.equal(options.body.options.authenticatorSelection.residentKey, 'required');
    assert.ok(options.body.token);
    const malformed = await json(kim, '/account/passkeys', options.body.token, {response: 'nope'});
    assert.equal(malformed.status, 400);
    assert.match(malformed.body.error.message, /PublicKeyCredential/);
    const again = await json(kim, '/account/passkeys/options', (await json(kim, '/account/passkeys/options', await scriptToken(kim, '/account'), {})).body.token, {});
    const forged = await json(kim, '/account/passkeys', again.body.token, {response: {id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {clientDataJSON: 'e30', attestationObject: 'AAAA'}, clientExtensionResults: {}}});
    assert.equal(forged.status, 400);
    assert.match(forged.body.error.message, /could not be registered/);
    assert.equal((await t.hallmark.services.auth.passkeys.list('kim')).length, 0);
    const anonymous = browserAgent(t);
    const signedOut = await json(anonymous, '/account/passkeys/options', await scriptToken(anonymous, '/sign-in'), {});
    assert.equal(signedOut.status, 401);
  });

  it('refuses a passkey sign-in with an unknown key, without a challenge, or oversized', async () => {
    const anonymous = browserAgent(t);
    const noChallenge = await json(anonymous, '/sign-in/passkey', await scriptToken(anonymous, '/sign-in'), {response: {id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {}}});
    assert.equal(noChallenge.status, 400);
    assert.match(noChallenge.body.error.message, /no passkey request is under way/);
    const started = await json(anonymous, '/sign-in/passkey/options', await scriptToken(anonymous, '/sign-in'), {});
    assert.equal(started.status, 200);
    assert.equal(started.body.options.rpId, 'localhost');
    const unknown = await json(anonymous, '/sign-in/passkey', started.body.token, {response: {id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {}}});
    assert.equal(unknown.status, 401);
    assert.equal((unknown.headers['set-cookie'] as unknown as string[] | undefined)?.some((cookie) => cookie.startsWith('hallmark_session=') && !cookie.startsWith('hallmark_session=;')) ?? false, false);
    const huge = await json(anonymous, '/sign-in/passkey', await scriptToken(anonymous, '/sign-in'), {response: {id: 'x'.repeat(2 * 1024 * 1024)}});
    assert.equal(huge.status, 413);
  });
});
