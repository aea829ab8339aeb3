import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { currentLanguage } from '../i18n/core';

const LANGS = [
  { code: 'vi', short: 'VI' },
  { code: 'en', short: 'EN' },
] as const;

/** Vietnamese / English, as two small buttons (the officer app's segmented control is heavier than a phone needs). */
export function LanguageToggle() {
  const { i18n, t } = useTranslation('common');
  const lang = currentLanguage();
  return (
    <Group gap={2} role="group" aria-label={t('language.label')} wrap="nowrap">
      {LANGS.map((l) => (
        <Button
          key={l.code}
          size="compact-md"
          variant={lang === l.code ? 'filled' : 'subtle'}
          aria-pressed={lang === l.code}
          aria-label={t(`language.${l.code}`)}
          lang={l.code}
          onClick={() => void i18n.changeLanguage(l.code)}
        >
          {l.short}
        </Button>
      ))}
    </Group>
  );
}
