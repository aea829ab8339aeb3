import { describe, expect, it } from 'vitest';

import { persistable } from './secureStore';

describe('persisted session', () => {
  it('never writes the access or ID token, and stores the session as expired so a reload renews it', () => {
    const user = { access_token: 'acc', id_token: 'idt', refresh_token: 'ref', expires_at: 9999999999, profile: { sub: 'user:1' } };
    const stored = JSON.parse(persistable(JSON.stringify(user))) as Record<string, unknown>;
    expect(stored.refresh_token).toBe('ref');
    expect(stored.access_token).toBe('');
    expect(stored).not.toHaveProperty('id_token');
    expect(stored.expires_at).toBe(0);
    expect(Object.values(stored)).not.toContain('acc');
  });

  it('leaves other records (not a user) as they are', () => {
    expect(persistable('{"state":"x"}')).toBe('{"state":"x"}');
    expect(persistable('not json')).toBe('not json');
  });
});
