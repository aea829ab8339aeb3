/**
 * HD 1294 feeds the BCH's own evaluation (rulebook §4.2, decision 020): beside the proposal, the rating of the
 * grassroots union on whose BCH the cadre sat, for the evaluated year. Its chair cannot be rated "excellent" while
 * the union is rated below "well completed" (the server refuses: unit_rating_below_good).
 */
import { Alert, Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { UnitRatingFact } from './api';

const LOW = new Set(['hoan_thanh', 'khong_hoan_thanh']);

export function UnitRatingNote({ fact, compact = false }: { fact: UnitRatingFact | null | undefined; compact?: boolean }) {
  const { t } = useTranslation('evaluation');
  if (!fact) return null;
  const low = fact.level != null && LOW.has(fact.level);
  return (
    <>
      <Group gap={4} wrap="wrap">
        <Text size="xs" c="dimmed">
          {t('unitRating.label', { unit: fact.unit_name, year: fact.year })} ({t(fact.is_chair ? 'unitRating.chair' : 'unitRating.member')}):
        </Text>
        {fact.level ? (
          <Badge c="dark.8" size="sm" variant="light" tt="none" color={low ? 'orange' : 'teal'}>
            {t(`level.${fact.level}`)}{fact.score != null ? ` · ${t('unitRating.score', { score: fact.score })}` : ''}
          </Badge>
        ) : <Text size="xs">{t('unitRating.unrated')}</Text>}
      </Group>
      {!compact && fact.is_chair && low && <Alert color="orange" p="xs">{t('unitRating.chairCapped')}</Alert>}
    </>
  );
}
