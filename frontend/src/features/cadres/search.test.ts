import { describe, expect, it } from 'vitest';

import { loadSavedFilters, storeSavedFilters, validateCadreSearch } from './search';

describe('cadre list search parameters', () => {
  it('keep valid API filters and drop invalid ones', () => {
    expect(
      validateCadreSearch({ q: ' nguyen van duc ', gender: 'female', age_min: '30', age_max: '200', party_member: 'true', body: 'xyz', within: '2', as_of: '2025-02-30' }),
    ).toEqual({ q: 'nguyen van duc', gender: 'female', age_min: 30, party_member: true, within: 2 });
  });

  it('keep a term and a "retiring by" date, dropping malformed ones', () => {
    expect(validateCadreSearch({ within: '5', term_id: '12', retiring_by: '2027-06-30' })).toEqual({
      within: 5,
      term_id: 12,
      retiring_by: '2027-06-30',
    });
    expect(validateCadreSearch({ term_id: '0', retiring_by: '30/06/2027' })).toEqual({});
    expect(validateCadreSearch({ term_id: 'x', retiring_by: '2027-02-30' })).toEqual({});
  });

  it('saved filters round-trip through storage and are re-validated', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    storeSavedFilters([{ name: 'Nữ dưới 40', filters: { gender: 'female', age_max: 39 } }], storage);
    store.set('cadre.savedCadreFilters', store.get('cadre.savedCadreFilters')!.replace('"female"', '"female","body":"bad"'));
    expect(loadSavedFilters(storage)).toEqual([{ name: 'Nữ dưới 40', filters: { gender: 'female', age_max: 39 } }]);
  });
});
