import { describe, expect, it } from 'vitest';

import { ProblemError, toProblem } from '../api/problem';
import { shouldRetry } from '../queryClient';
import { validateUnitsSearch } from './router';

describe('/units search parameters', () => {
  it('keep a valid unit id, as_of date and query', () => {
    expect(validateUnitsSearch({ unit: '12', as_of: '2025-07-01', q: 'lai chau' })).toEqual({
      unit: 12,
      as_of: '2025-07-01',
      q: 'lai chau',
    });
  });

  it('drop invalid values instead of sending them to the API', () => {
    expect(validateUnitsSearch({ unit: 'abc', as_of: '01/07/2025', q: '' })).toEqual({
      unit: undefined,
      as_of: undefined,
      q: undefined,
    });
    expect(validateUnitsSearch({ unit: -3, as_of: '2025-02-30' })).toEqual({ unit: undefined, as_of: undefined, q: undefined });
  });
});

describe('query retry policy', () => {
  const err = (status: number) => new ProblemError(toProblem(status, {}));
  it('retries network errors and 5xx at most twice, never 4xx', () => {
    expect(shouldRetry(0, err(0))).toBe(true);
    expect(shouldRetry(1, err(503))).toBe(true);
    expect(shouldRetry(2, err(503))).toBe(false);
    expect(shouldRetry(0, err(404))).toBe(false);
    expect(shouldRetry(0, err(401))).toBe(false);
  });
});
