import { describe, expect, it } from 'vitest';

import type { UnitEvent } from '../../api/types';
import { historyWords } from './historyWords';

const event = (over: Partial<UnitEvent>): UnitEvent =>
  ({ id: 1, event_type: 'dissolve', effective_date: '2025-07-01', decision_no: '1/QĐ', note: null, role: 'subject', details: {}, units: [], ...over }) as UnitEvent;

describe('unit history in the user’s words', () => {
  const units = [
    { unit_id: 10, role: 'subject', name: 'LĐLĐ huyện Tam Đường' },
    { unit_id: 11, role: 'child', name: 'CĐCS Trường Tiểu học A' },
  ];

  it('a child of a dissolved federation reads "moved to" its new parent, not "dissolved"', () => {
    const w = historyWords(
      event({ role: 'child', units, details: { moved_children: [{ unit_id: 11, to_parent_id: 2 }] } }),
      11,
    );
    expect(w.key).toBe('history.words.parentDissolved');
    expect(w.parentId).toBe(2);
    expect(w.params.parent).toBe('LĐLĐ huyện Tam Đường');
  });

  it('the dissolved unit itself reads "dissolved"', () => {
    expect(historyWords(event({ units }), 10).key).toBe('history.words.dissolved');
  });

  it('merge reads from each side', () => {
    const merged = [
      { unit_id: 20, role: 'source', name: 'CĐCS A' },
      { unit_id: 21, role: 'source', name: 'CĐCS B' },
      { unit_id: 22, role: 'target', name: 'CĐCS A-B' },
    ];
    expect(historyWords(event({ event_type: 'merge', role: 'source', units: merged }), 20)).toEqual({
      key: 'history.words.mergedInto',
      params: { target: 'CĐCS A-B' },
    });
    expect(historyWords(event({ event_type: 'merge', role: 'target', units: merged }), 22).params.units).toBe('CĐCS A, CĐCS B');
  });

  it('move and rename', () => {
    const moved = [
      { unit_id: 30, role: 'subject', name: 'CĐCS X' },
      { unit_id: 2, role: 'target', name: 'LĐLĐ tỉnh Lai Châu' },
    ];
    expect(historyWords(event({ event_type: 'move', role: 'subject', units: moved }), 30)).toEqual({
      key: 'history.words.movedTo',
      params: { target: 'LĐLĐ tỉnh Lai Châu' },
    });
    expect(historyWords(event({ event_type: 'rename', details: { old_name: 'A', new_name: 'B' } }), 1).params).toEqual({ old: 'A', new: 'B' });
  });
});
