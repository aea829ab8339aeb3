import { describe, expect, it } from 'vitest';

import { dueUrgency, nextDue, urgency, type DataSubjectRequest } from './api';

const base = {
  id: 1, cadre_id: 2, cadre_name: 'Nguyễn Văn A', unit_id: 3, kind: 'access', status: 'received',
  received_on: '2026-03-02', ack_due: '2026-03-04', complete_due: '2026-03-22', acknowledged_at: null,
  completed_at: null, note: null, outcome: null, created_by: 'user:1', created_at: '2026-03-02T01:00:00Z', version: 1,
} as DataSubjectRequest;

describe('data-subject request deadlines', () => {
  it('the next deadline is the acknowledgement, then the completion', () => {
    expect(nextDue(base)).toBe('2026-03-04');
    expect(nextDue({ ...base, status: 'acknowledged' })).toBe('2026-03-22');
    expect(nextDue({ ...base, status: 'completed' })).toBeNull();
  });

  it('colours overdue and due-soon deadlines of open requests only', () => {
    expect(urgency(base, '2026-03-02')).toBe('soon');
    expect(urgency(base, '2026-03-05')).toBe('overdue');
    expect(urgency({ ...base, status: 'acknowledged' }, '2026-03-05')).toBe('ok');
    expect(urgency({ ...base, status: 'acknowledged' }, '2026-03-23')).toBe('overdue');
    expect(urgency({ ...base, status: 'completed' }, '2026-04-30')).toBe('closed');
    expect(dueUrgency(base, base.complete_due, '2026-03-21')).toBe('soon');
    expect(dueUrgency({ ...base, status: 'rejected' }, base.complete_due, '2026-04-30')).toBe('ok');
  });
});
