import { SystemClock } from '@orrery/core';
import { FormBrowser } from '../fixtures/lti13/form-browser';
import { Lti13Platform } from '../fixtures/lti13/lti13-platform';
import { HubFixture } from './fixtures/hub-fixture';
import { lti13Hub } from './fixtures/lti13-hub';
import {
  listeningServerHub,
  postViaProxy,
  publicOrigin,
  signLaunch,
} from './fixtures/lti11-launch';
import { spawnConfig } from './servers-helpers';

/**
 * LTI keys no other suite touches: LTI11Authenticator `username_email_local_part` and
 * `nonce_cache_size`, LTI13Authenticator `tool_name` / `tool_description` and
 * LTI13LaunchValidator `time_leeway`.
 */
describe('lti11: username_email_local_part off, nonce_cache_size 1', () => {
  let hub: HubFixture;
  listeningServerHub(
    (home, hubBindUrl) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'lti11', hub_bind_url: hubBindUrl },
      Authenticator: { allow_all: true },
      LTI11Authenticator: {
        consumers: { 'canvas-key': 'canvas-secret' },
        username_key: 'lis_person_contact_email_primary',
        username_email_local_part: false,
        nonce_cache_size: 1,
      },
    }),
    (started) => (hub = started),
  );

  const signed = (email: string) =>
    signLaunch(
      `${publicOrigin(hub)}/hub/lti/launch`,
      { key: 'canvas-key', secret: 'canvas-secret' },
      'canvas',
      { set: { lis_person_contact_email_primary: email } },
    );

  it('keeps the whole email address as the user name', async () => {
    const answer = await postViaProxy(hub, '/hub/lti/launch', signed('jdoe@example.edu').body);
    expect(answer.status).toBe(302);
    const user = await hub
      .http()
      .get('/hub/api/users/jdoe@example.edu')
      .set(hub.auth(hub.tokens.admin));
    expect(user.status).toBe(200);
  });

  it('remembers only the newest nonce: a launch replayed after another one gets in again', async () => {
    const first = signed('ann@example.edu');
    expect((await postViaProxy(hub, '/hub/lti/launch', first.body)).status).toBe(302);
    expect((await postViaProxy(hub, '/hub/lti/launch', first.body)).status).toBe(401);
    const other = signed('bo@example.edu');
    expect((await postViaProxy(hub, '/hub/lti/launch', other.body)).status).toBe(302);
    // the cache held one nonce, so the first one is forgotten (the timestamp is still fresh)
    expect((await postViaProxy(hub, '/hub/lti/launch', first.body)).status).toBe(302);
  });
});

describe('lti13: tool_name, tool_description and time_leeway', () => {
  let hub: HubFixture;
  let platform: Lti13Platform;
  lti13Hub(
    () => ({
      Authenticator: { allow_all: true },
      LTI13Authenticator: {
        tool_name: 'Physics notebooks',
        tool_description: 'Notebooks of the physics department',
      },
      LTI13LaunchValidator: { time_leeway: 60 },
    }),
    new SystemClock(),
    (running) => ({ hub, platform } = running),
  );

  it('names the tool in its configuration document', async () => {
    const config = await hub.http().get('/hub/lti13/config').expect(200);
    expect(config.body).toMatchObject({
      title: 'Physics notebooks',
      description: 'Notebooks of the physics department',
    });
  });

  it('accepts an id_token that expired within time_leeway, and refuses one past it', async () => {
    const user = {
      sub: 'sub-lee',
      email: 'lee@example.org',
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    };
    const open = (issuedAgo: number) =>
      new FormBrowser().open(platform.launchPage({ user, issuedAgo, lifetime: 300 }), (url) =>
        url.pathname.startsWith('/user/'),
      );
    // expired 20 s ago: inside the 60 s leeway
    expect((await open(320)).url.pathname).toBe('/user/lee@example.org/');
    // expired 120 s ago: outside it
    const late = await open(420);
    expect(late.status).toBe(401);
    expect(late.body).toMatch(/expired/);
  });
});
