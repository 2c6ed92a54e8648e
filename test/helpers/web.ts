import assert from 'node:assert/strict';
import supertest from 'supertest';
import type {TestHallmark} from './hallmark.ts';
import {checkedClient} from './openapi-check.ts';

export type Agent = ReturnType<typeof supertest.agent>;

/** A browser-like client: keeps cookies, sends forms url-encoded, accepts HTML. */
export function browserAgent(t: TestHallmark): Agent {
  return checkedClient(supertest.agent(t.hallmark.app).set('Accept', 'text/html,application/xhtml+xml'), t.hallmark.services.config.publicUrl);
}

/** The one-time form tokens a page carries, in order. */
export function formTokens(html: string): string[] {
  return [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((match) => match[1]);
}

/** Loads `path` and returns its first form token (the page must have one). */
export async function tokenFrom(agent: Agent, path: string, index = 0): Promise<string> {
  const page = await agent.get(path);
  assert.equal(page.status, 200, `${path}: ${page.status} ${page.text.slice(0, 300)}`);
  const token = formTokens(page.text)[index];
  assert.ok(token, `${path} carries a form token`);
  return token;
}

/** Posts a form the way a browser does, with a fresh token from `from` unless `_csrf` is given. */
export async function submit(agent: Agent, from: string, action: string, fields: Record<string, string>, index = 0) {
  const token = '_csrf' in fields ? undefined : await tokenFrom(agent, from, index);
  return agent.post(action).type('form').send({...(token ? {_csrf: token} : {}), ...fields});
}

/** An admin invitation link's path (and secret), made through the API. */
export async function invite(t: TestHallmark, body: Record<string, unknown> = {}, auth = t.admin): Promise<string> {
  const response = await t.http.post('/api/v1/invitations').set(auth).send(body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return new URL(response.body.url as string).pathname;
}

export const PASSWORD = 'correct horse battery staple';

/** Accepts an invitation as a new account in `agent` (which is then signed in). */
export async function acceptInvitation(agent: Agent, path: string, handle: string, password = PASSWORD) {
  const response = await submit(agent, path, path, {handle, name: `Person ${handle}`, password, confirm: password});
  assert.equal(response.status, 303, response.text.slice(0, 500));
  return response;
}

export async function signIn(agent: Agent, handle: string, password = PASSWORD) {
  return submit(agent, '/sign-in', '/sign-in', {handle, password, next: '/account'});
}

/** The visible text of a refusal: the error box of a page. */
export function alertText(html: string): string {
  return /role="alert"><p>([^<]*)<\/p>/.exec(html)?.[1] ?? /class="verdict bad"><p>([^<]*)</.exec(html)?.[1] ?? '';
}
