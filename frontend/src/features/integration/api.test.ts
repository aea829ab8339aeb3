import { describe, expect, it } from 'vitest';

import { deliveryState, ownerOf, urlProblem } from './api';

describe('webhook helpers', () => {
  it('names delivery states as users read them', () => {
    expect(deliveryState({ status: 'pending', attempts: 0 })).toBe('pending');
    expect(deliveryState({ status: 'pending', attempts: 2 })).toBe('failed');
    expect(deliveryState({ status: 'succeeded', attempts: 1 })).toBe('delivered');
    expect(deliveryState({ status: 'dead', attempts: 8 })).toBe('dead');
  });

  it('checks endpoint URLs before the server does', () => {
    expect(urlProblem('')).toBe('required');
    expect(urlProblem('hr.example.vn/hook')).toBe('invalid');
    expect(urlProblem('ftp://hr.example.vn/hook')).toBe('invalid');
    expect(urlProblem('https://u:p@hr.example.vn/hook')).toBe('credentials');
    expect(urlProblem(' https://hr.example.vn/hook ')).toBeNull();
  });

  it('splits the subscriber', () => {
    expect(ownerOf('client:hr-sync')).toEqual({ kind: 'client', id: 'hr-sync' });
    expect(ownerOf('user:7')).toEqual({ kind: 'user', id: '7' });
  });
});
