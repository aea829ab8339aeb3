import { Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '../../components/ProblemAlert';
import { useDeclarations, type DeclarationStatus } from './api';
import { DeclarationCard } from './DeclarationCard';

/** The officer's inbox of self-declarations: each section a cadre declared, confirmed or rejected on its own.
 *  Confirming writes the cadre's record through its usual rules; a refusal by those rules is shown and the
 *  declaration stays pending. */
export function SelfDeclarationsPage() {
  const { t } = useTranslation('selfDeclarations');
  useDocumentTitle(t('title'));
  const [status, setStatus] = useState<DeclarationStatus | 'all'>('pending');
  const list = useDeclarations(status);
  const items = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      <Text size="sm">{t('intro')}</Text>
      <NativeSelect
        label={t('status.label')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as DeclarationStatus | 'all')}
        data={(['pending', 'confirmed', 'rejected', 'all'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
        maw={320}
      />
      {list.isLoading && <Loader aria-label={t('loading')} />}
      {list.error && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && <Text>{t('empty')}</Text>}
      {items.map((d) => (
        <DeclarationCard key={d.id} declaration={d} />
      ))}
    </Stack>
  );
}

/** On the cadre's profile: the sections this cadre declared that still wait for confirmation. */
export function CadreDeclarations({ cadreId }: { cadreId: number }) {
  const { t } = useTranslation('selfDeclarations');
  const list = useDeclarations('pending', cadreId);
  const items = list.data?.items ?? [];
  if (list.error) return <ProblemAlert error={list.error} />;
  if (items.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="cadre-declarations" data-testid="cadre-declarations">
      <Title order={2} size="h4" id="cadre-declarations">
        {t('onProfile', { count: items.length })}
      </Title>
      {items.map((d) => (
        <DeclarationCard key={d.id} declaration={d} showName={false} />
      ))}
    </Stack>
  );
}
