import { HubError } from '@orrery/core';

function object(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new HubError(400, 'Invalid course data: expected a JSON object');
  }
  return body as Record<string, unknown>;
}

function onlyKeys(body: Record<string, unknown>, keys: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !keys.includes(key));
  if (unknown.length) throw new HubError(400, `Invalid course data keys: ${unknown.join(', ')}`);
}

/** `POST /hub/api/courses/:id` body: `{"title"?: string}`. */
export function parseCreateCourse(body: unknown): { title: string | null } {
  const data = object(body);
  onlyKeys(data, ['title']);
  if (data.title !== undefined && data.title !== null && typeof data.title !== 'string') {
    throw new HubError(400, 'title must be a string');
  }
  return { title: (data.title as string | undefined) || null };
}

const ROLE_GROUP = { instructor: 'staff', ta: 'staff', learner: 'learners' } as const;

function users(data: Record<string, unknown>): string[] {
  const list = data.users;
  if (
    !Array.isArray(list) ||
    !list.length ||
    !list.every((name) => typeof name === 'string' && name)
  ) {
    throw new HubError(400, 'users must be a non-empty list of user names');
  }
  return list as string[];
}

/** `POST .../members` body: `{"role": "instructor"|"ta"|"learner", "users": [...]}`. */
export function parseAddMembers(body: unknown): { group: 'staff' | 'learners'; users: string[] } {
  const data = object(body);
  onlyKeys(data, ['role', 'users']);
  const group = ROLE_GROUP[data.role as keyof typeof ROLE_GROUP];
  if (typeof data.role !== 'string' || !Object.hasOwn(ROLE_GROUP, data.role)) {
    throw new HubError(400, 'role must be one of: instructor, ta, learner');
  }
  return { group, users: users(data) };
}

/** `DELETE .../members` body: `{"users": [...]}`. */
export function parseRemoveMembers(body: unknown): { users: string[] } {
  const data = object(body);
  onlyKeys(data, ['users']);
  return { users: users(data) };
}

/** `DELETE /hub/api/courses/:id?data=true` also deletes the course's storage. */
export function withData(query: Record<string, unknown>): boolean {
  const value = query.data;
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1' || value === '') return true;
  throw new HubError(400, 'data must be true or false');
}
