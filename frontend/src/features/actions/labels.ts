import type { ActionStatus, ActionType } from '../../api/types';

export const ACTION_TYPES: readonly ActionType[] = [
  'appointment',
  'reappointment',
  'nomination',
  'rotation',
  'transfer',
  'secondment',
  'dismissal',
  'resignation',
  'retirement',
];

export const ACTION_STATUSES: readonly ActionStatus[] = ['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'effective'];
