import { ModelGeneration } from '@orrery/core';
import { ScopeSet } from '@orrery/rbac';
import { AuthCache } from './auth-cache';

const entry = {
  context: {
    kind: 'user' as const,
    id: 1,
    name: 'alice',
    admin: false,
    tokenId: 1,
    sessionId: null,
    scopes: new ScopeSet([]),
  },
  expiresAt: null,
  lastActivityWrite: 0,
  note: '',
};

describe('AuthCache', () => {
  it('keeps an entry resolved without an invalidation in between', () => {
    const cache = new AuthCache(new ModelGeneration());
    cache.set('k', entry, cache.credentialGeneration);
    expect(cache.get('k', 0)?.context).toBe(entry.context);
  });

  it('drops an entry resolved across an invalidation, which may have revoked it', () => {
    const cache = new AuthCache(new ModelGeneration());
    const resolvedAt = cache.credentialGeneration;
    cache.invalidate();
    cache.set('k', entry, resolvedAt);
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('drops an entry after its expiry', () => {
    const cache = new AuthCache(new ModelGeneration());
    cache.set('k', { ...entry, expiresAt: 1000 }, cache.credentialGeneration);
    expect(cache.get('k', 1000)).toBeDefined();
    expect(cache.get('k', 1001)).toBeUndefined();
  });

  it('moves the model generation on modelsChanged and keeps credentials', () => {
    const cache = new AuthCache(new ModelGeneration());
    cache.set('k', entry, cache.credentialGeneration);
    const before = cache.modelGeneration;
    cache.modelsChanged();
    expect(cache.modelGeneration).not.toBe(before);
    expect(cache.get('k', 0)).toBeDefined();
  });

  it('moves the model generation on invalidate and drops credentials', () => {
    const cache = new AuthCache(new ModelGeneration());
    cache.set('k', entry, cache.credentialGeneration);
    const before = cache.modelGeneration;
    cache.invalidate();
    expect(cache.modelGeneration).not.toBe(before);
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('keys a token by a digest that is the same for the same token only', () => {
    expect(AuthCache.keyOf('token-a')).toBe(AuthCache.keyOf('token-a'));
    expect(AuthCache.keyOf('token-a')).not.toBe(AuthCache.keyOf('token-b'));
    expect(AuthCache.keyOf('token-a')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('keeps an entry without expiry at any time', () => {
    const cache = new AuthCache(new ModelGeneration());
    cache.set('k', entry, cache.credentialGeneration);
    expect(cache.get('k', Date.parse('2026-12-01T00:00:00Z'))).toBeDefined();
  });

  it('drops entries when credentials change outside the API (ModelGeneration)', () => {
    const models = new ModelGeneration();
    const cache = new AuthCache(models);
    cache.set('k', entry, cache.credentialGeneration);
    models.credentialsChanged();
    expect(cache.get('k', 0)).toBeUndefined();
  });

  it('starts over when full rather than growing without bound', () => {
    const cache = new AuthCache(new ModelGeneration());
    for (let i = 0; i < 50_000; i++) cache.set(`k${i}`, entry);
    expect(cache.get('k0', 0)).toBeDefined();
    expect(cache.get('k49999', 0)).toBeDefined();
    cache.set('one-more', entry);
    expect(cache.get('k0', 0)).toBeUndefined();
    expect(cache.get('one-more', 0)).toBeDefined();
  });
});
