import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';

import i18n, { LANGUAGE_STORAGE_KEY } from '../i18n';
import { renderWithProviders } from '../test/render';
import { LanguageSwitcher } from './LanguageSwitcher';

describe('<LanguageSwitcher>', () => {
  afterEach(async () => {
    await act(() => i18n.changeLanguage('vi'));
  });

  it('is Vietnamese by default and switches the UI, <html lang> and the stored choice to English', async () => {
    expect(i18n.language).toBe('vi');
    expect(document.documentElement.lang).toBe('vi');
    renderWithProviders(<LanguageSwitcher />);
    expect(screen.getByRole('radio', { name: 'Tiếng Việt' })).toBeChecked();

    await userEvent.click(screen.getByText('EN'));

    expect(i18n.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(screen.getByRole('radio', { name: 'English' })).toBeChecked();
  });
});
