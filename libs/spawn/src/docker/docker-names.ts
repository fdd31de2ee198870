import { expandTemplate, type TemplateField } from '@orrery/core';

const SAFE = /^[a-z0-9]$/;

/**
 * DockerSpawner's escaping (escapism with lowercase letters and digits safe, `-` as the escape
 * character, then lowercased): every other character becomes `-` and the hex of each of its
 * UTF-8 bytes, so `-` itself is `-2d` and no two names collide.
 */
export function escapeName(text: string): string {
  let escaped = '';
  for (const char of text) {
    if (SAFE.test(char)) {
      escaped += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      escaped += `-${byte.toString(16).padStart(2, '0')}`;
    }
  }
  return escaped.toLowerCase();
}

/** The values of the template fields for one server. */
export function templateFields(
  userName: string,
  serverName: string,
  image: string,
): Record<TemplateField, string> {
  const escaped = escapeName(userName);
  return {
    username: escaped,
    escaped_username: escaped,
    raw_username: userName,
    servername: escapeName(serverName.toLowerCase()),
    raw_servername: serverName,
    imagename: image.replace(/[/:]/g, '-'),
  };
}

/** The container's name: `name_template`, else DockerSpawner's default for the server. */
export function containerName(
  nameTemplate: string,
  serverName: string,
  fields: Record<TemplateField, string>,
): string {
  const template =
    nameTemplate || (serverName ? 'jupyter-{username}--{servername}' : 'jupyter-{username}');
  return expandTemplate(template, fields);
}

/** Fills the fields into every string of a JSON value (keys too), as DockerSpawner does. */
export function expandDeep(value: unknown, fields: Record<TemplateField, string>): unknown {
  if (typeof value === 'string') return expandTemplate(value, fields);
  if (Array.isArray(value)) return value.map((item) => expandDeep(item, fields));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        expandTemplate(key, fields),
        expandDeep(item, fields),
      ]),
    );
  }
  return value;
}
