import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { overviewKey, type CachedOverview } from './data';
import { changedFields, type Facts } from './merge';
import { enqueue, useOutbox } from './outbox';
import { navigate } from './route';

function parseCount(value: string): number | null | 'invalid' {
  const v = value.trim().replace(/[.\s]/g, '');
  if (v === '') return null;
  return /^\d{1,8}$/.test(v) ? Number(v) : 'invalid';
}

/** The chair updates member count and workforce; saved to the outbox first (works offline). */
export default function FactsScreen() {
  const { t } = useTranslation('chair');
  const cached = useQueryClient().getQueryData<CachedOverview>(overviewKey);
  const outbox = useOutbox();
  const unit = cached?.data.unit;
  const pending = unit
    ? [...outbox].reverse().find((r) => r.change.kind === 'facts' && r.change.unitId === unit.id && r.state === 'pending')
    : undefined;
  const pendingValues: Facts = pending?.change.kind === 'facts' ? pending.change.values : {};
  const [members, setMembers] = useState(String(pendingValues.member_count ?? unit?.member_count ?? ''));
  const [workforce, setWorkforce] = useState(String(pendingValues.workforce ?? unit?.workforce ?? ''));
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!unit) return <Alert color="yellow">{t('home.offlineNoData')}</Alert>;
  const m = parseCount(members);
  const w = parseCount(workforce);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (m === 'invalid' || w === 'invalid') return;
    const base: Facts = { member_count: unit.member_count, workforce: unit.workforce };
    const values = changedFields(base, { member_count: m, workforce: w });
    if (Object.keys(values).length === 0) {
      setMessage(t('facts.nothing'));
      return;
    }
    setBusy(true);
    await enqueue({ kind: 'facts', unitId: unit.id, unitName: unit.name, values, base: { version: unit.version, values: base } });
    setBusy(false);
    navigate('/chair');
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="md">
        <Title order={1} size="h3">
          {t('facts.title')}
        </Title>
        <Text size="sm">{t('facts.intro', { unit: unit.name })}</Text>
        <TextInput
          label={t('facts.memberCount')}
          inputMode="numeric"
          value={members}
          onChange={(e) => setMembers(e.currentTarget.value)}
          error={m === 'invalid' ? t('facts.invalid') : undefined}
          size="md"
          name="member_count"
        />
        <TextInput
          label={t('facts.workforce')}
          inputMode="numeric"
          value={workforce}
          onChange={(e) => setWorkforce(e.currentTarget.value)}
          error={w === 'invalid' ? t('facts.invalid') : undefined}
          size="md"
          name="workforce"
        />
        {message && (
          <Alert color="blue" role="status">
            {message}
          </Alert>
        )}
        <Button type="submit" size="md" loading={busy}>
          {t('facts.save')}
        </Button>
      </Stack>
    </form>
  );
}
