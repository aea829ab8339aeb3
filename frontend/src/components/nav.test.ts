import { describe, expect, it } from 'vitest';

import { visibleNav } from './nav';

const entries = (viewer: Parameters<typeof visibleNav>[0]) => visibleNav(viewer).flatMap((g) => g.entries.map((e) => e.to));

describe('visibleNav', () => {
  it("shows 'Tự đánh giá của tôi' only to an account linked to a cadre", () => {
    const viewer = { can: (p: string) => ['units:read', 'cadres:read', 'reports:read'].includes(p), roles: ['viewer'] };
    expect(entries({ ...viewer, me: { cadre_id: 12 } })).toContain('/me/evaluations');
    expect(entries({ ...viewer, me: { cadre_id: null } })).not.toContain('/me/evaluations');
    expect(entries(viewer)).not.toContain('/me/evaluations');
  });

  it('shows the rotation programme and the training statistics to readers', () => {
    const officer = { can: () => true, roles: ['org_officer'] };
    expect(entries(officer)).toEqual(expect.arrayContaining(['/rotations', '/training/statistics', '/training/programmes']));
  });
});
