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
});
