import { describe, expect, it } from 'vitest';

import { landingPath } from './landing';

describe('role-based landing', () => {
  it('sends a user whose only role is grassroots_chair to /chair', () => {
    expect(landingPath(['grassroots_chair'])).toBe('/chair');
    expect(landingPath(['grassroots_chair', 'org_officer'])).toBeNull();
    expect(landingPath(['org_officer'])).toBeNull();
    expect(landingPath([])).toBeNull();
  });
});
