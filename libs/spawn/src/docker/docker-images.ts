import type { DockerSpawnerConfig } from '@orrery/core';
import { SpawnFailed } from '../spawn-states';

type ImageSettings = Pick<DockerSpawnerConfig, 'image' | 'allowed_images' | 'image_by_group'>;

/** `allowed_images` as DockerSpawner reads it: choice to image ('*': any image). */
export function allowedImages(settings: ImageSettings): Record<string, string> | '*' {
  const allowed = settings.allowed_images;
  if (allowed === '*') return '*';
  if (Array.isArray(allowed)) return Object.fromEntries(allowed.map((image) => [image, image]));
  return allowed;
}

/** The `image` user option: a string from the API, a one-item list from the spawn form. */
function requestedImage(userOptions: Record<string, unknown>): string | null {
  const value = userOptions.image;
  const image = Array.isArray(value) ? value[0] : value;
  return typeof image === 'string' && image !== '' ? image : null;
}

/**
 * The image of one start: the user's choice among `allowed_images`, else that of the first
 * group in `image_by_group` the user belongs to, else `image`.
 */
export function chooseImage(
  settings: ImageSettings,
  userOptions: Record<string, unknown>,
  groups: readonly string[],
): string {
  const requested = requestedImage(userOptions);
  if (requested !== null) {
    const allowed = allowedImages(settings);
    if (allowed === '*') return requested;
    if (Object.keys(allowed).length === 0) {
      throw new SpawnFailed(400, 'Specifying image to launch is not allowed');
    }
    if (!(requested in allowed)) {
      throw new SpawnFailed(
        400,
        `Image ${requested} not in allowed list: ${Object.keys(allowed).join(', ')}`,
      );
    }
    return allowed[requested];
  }
  const byGroup = Object.entries(settings.image_by_group).find(([group]) => groups.includes(group));
  return byGroup ? byGroup[1] : settings.image;
}

/** Every image a start may use, each once: what the hub checks when it starts. */
export function configuredImages(settings: ImageSettings): string[] {
  const allowed = allowedImages(settings);
  return [
    ...new Set([
      settings.image,
      ...(allowed === '*' ? [] : Object.values(allowed)),
      ...Object.values(settings.image_by_group),
    ]),
  ];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** DockerSpawner's spawn form: a choice of image when there are at least two to choose from. */
export function imageOptionsForm(settings: ImageSettings): string {
  const allowed = allowedImages(settings);
  if (allowed === '*' || Object.keys(allowed).length <= 1) return '';
  const options = Object.entries(allowed).map(
    ([choice, image]) =>
      `<option value="${escapeHtml(choice)}"${image === settings.image ? ' selected' : ''}>${escapeHtml(choice)}</option>`,
  );
  return [
    '<label for="image">Select an image:</label>',
    '<select class="form-control" id="image" name="image" required autofocus>',
    ...options,
    '</select>',
  ].join('\n');
}
