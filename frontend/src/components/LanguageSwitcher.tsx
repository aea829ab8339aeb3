import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { currentLanguage, isLanguage } from '../i18n/core';

/** vi / en switch. Each option's accessible name is the language's own name. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="sm"
      aria-label={t('language.label')}
      value={currentLanguage()}
      onChange={(value) => {
        if (isLanguage(value)) void i18n.changeLanguage(value);
      }}
      data={[
        {
          value: 'vi',
          label: (
            <span lang="vi">
              <span aria-hidden>VI</span>
              <VisuallyHidden>Tiếng Việt</VisuallyHidden>
            </span>
          ),
        },
        {
          value: 'en',
          label: (
            <span lang="en">
              <span aria-hidden>EN</span>
              <VisuallyHidden>English</VisuallyHidden>
            </span>
          ),
        },
      ]}
    />
  );
}
