import { rawQuery } from '@orrery/core';
import { HubFixture } from '../fixtures/hub-fixture';
import * as http from 'node:http';
import { HubProxyService } from '@orrery/runtime';
import {
  LmsFixture,
  postViaProxy,
  RawResponse,
  publicOrigin,
  signLaunch,
  SignOptions,
} from '../fixtures/lti11-launch';

export const CONSUMERS = { 'canvas-key': 'canvas-secret', 'moodle-key': 'moodle-secret' };

/** Signs `lms`'s launch (oauthlib) for the hub's public launch URL and posts it through the proxy. */
export function launch11(hub: HubFixture, lms: LmsFixture, options: SignOptions = {}) {
  const consumer = { key: `${lms}-key`, secret: `${lms}-secret` };
  const form = signLaunch(`${publicOrigin(hub)}/hub/lti/launch`, consumer, lms, options);
  return postViaProxy(hub, '/hub/lti/launch', form.body);
}

export interface CourseRow {
  name: string;
  title: string | null;
  lms_platform: string | null;
  lms_context_id: string | null;
  archived: unknown;
}

export function courseRows(hub: HubFixture): Promise<CourseRow[]> {
  return rawQuery<CourseRow>(
    hub.dataSource,
    'SELECT name, title, lms_platform, lms_context_id, archived FROM courses ORDER BY id',
  );
}

/** The members of a group, sorted (empty when the group does not exist). */
export async function groupMembers(hub: HubFixture, group: string): Promise<string[]> {
  const rows = await rawQuery<{ name: string }>(
    hub.dataSource,
    'SELECT u.name AS name FROM user_group_map m JOIN users u ON u.id = m.user_id ' +
      'JOIN groups g ON g.id = m.group_id WHERE g.name = ?',
    [group],
  );
  return rows.map((row) => row.name).sort();
}

export async function groupNames(hub: HubFixture): Promise<string[]> {
  const rows = await rawQuery<{ name: string }>(hub.dataSource, 'SELECT name FROM groups');
  return rows.map((row) => row.name).sort();
}

export async function roleScopes(hub: HubFixture, role: string): Promise<string[] | null> {
  const rows = await rawQuery<{ scopes: string }>(
    hub.dataSource,
    'SELECT scopes FROM roles WHERE name = ?',
    [role],
  );
  return rows.length ? (JSON.parse(rows[0].scopes) as string[]).sort() : null;
}

/** The roles held by a group or a service, by the holder's name. */
export async function rolesOf(
  hub: HubFixture,
  holder: 'group' | 'service',
  name: string,
): Promise<string[]> {
  const table = holder === 'group' ? 'groups' : 'services';
  const rows = await rawQuery<{ name: string }>(
    hub.dataSource,
    `SELECT r.name AS name FROM ${holder}_role_map m JOIN roles r ON r.id = m.role_id ` +
      `JOIN ${table} h ON h.id = m.${holder}_id WHERE h.name = ?`,
    [name],
  );
  return rows.map((row) => row.name).sort();
}

/** GETs a path through the hub's proxy, as a browser with `cookie` (no redirect followed). */
export function getViaProxy(hub: HubFixture, pathname: string, cookie: string) {
  return requestViaProxy(hub, pathname, cookie);
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookieOf(response: RawResponse): string {
  const set = response.headers['set-cookie'] ?? [];
  return set.map((line) => line.split(';')[0]).join('; ');
}

function requestViaProxy(hub: HubFixture, pathname: string, cookie: string): Promise<RawResponse> {
  const port = hub.app.get(HubProxyService).publicPort;
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port, path: pathname, headers: { Cookie: cookie, Accept: 'text/html' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
        );
      },
    );
    request.on('error', reject);
  });
}
