import { describe, expect, it } from 'vitest';

import { ProblemError, toProblem } from '../../api/problem';
import { rowErrors } from '../actions/ActionBatchPage';
import { validateMeasurementsSearch, validatePlansSearch } from './routes';

describe('plans search params', () => {
  it('keeps an old ?plan=<id> link so the list can forward it', () => {
    expect(validatePlansSearch({ plan: '12' })).toEqual({ plan: 12 });
    expect(validatePlansSearch({ plan: 'x' })).toEqual({ plan: undefined });
  });

  it('prefills the figure form from a target (indicator, unit, new)', () => {
    expect(validateMeasurementsSearch({ indicator: 'electronic_documents', unit: '5', new: 'true' })).toEqual({
      indicator: 'electronic_documents',
      unit: 5,
      new: true,
    });
    expect(validateMeasurementsSearch({ indicator: 'DROP TABLE', unit: '-1' })).toEqual({ indicator: undefined, unit: undefined, new: undefined });
  });
});

describe('batch actions', () => {
  it('marks the row a problem names (errors[] field actions.N or body.actions.N.x)', () => {
    const error = new ProblemError(
      toProblem(422, {
        type: 'about:blank',
        title: 'x',
        status: 422,
        code: 'batch_item_invalid',
        errors: [
          { field: 'actions.2', code: 'cadre_not_found', message: 'no such cadre' },
          { field: 'body.actions.0.position_code', code: 'required', message: 'required' },
        ],
      }),
    );
    const rows = rowErrors(error);
    expect(rows.get(2)).toBe('no such cadre');
    expect(rows.get(0)).toBe('required');
    expect(rows.size).toBe(2);
    expect(rowErrors(new Error('x')).size).toBe(0);
  });
});
