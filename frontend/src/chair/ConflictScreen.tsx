import { Alert, Button, Card, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { formatNumber } from './data';
import { FACT_FIELDS, type Facts, type FactField } from './merge';
import { resolveConflict, useOutbox } from './outbox';
import { navigate } from './route';

/** Both versions, field by field: the chair keeps theirs or the server's; nothing is overwritten unasked. */
export default function ConflictScreen({ recordId }: { recordId: string }) {
  const { t, i18n } = useTranslation('chair');
  const lang = i18n.resolvedLanguage ?? 'vi';
  const record = useOutbox().find((r) => r.id === recordId);
  const [choice, setChoice] = useState<Partial<Record<FactField, 'mine' | 'theirs'>>>({});
  if (!record || record.change.kind !== 'facts' || record.state !== 'conflict' || !record.server) {
    return <Alert color="blue">{t('conflict.notFound')}</Alert>;
  }
  const change = record.change;
  const server = record.server;
  const fields = FACT_FIELDS.filter((f) => f in change.values);
  const label = (f: FactField) => t(f === 'member_count' ? 'memberCount' : 'workforce');
  const undecided = server.conflicts.filter((f) => !choice[f]);

  const apply = async () => {
    const values: Facts = {};
    for (const f of fields) {
      if (server.conflicts.includes(f)) {
        if (choice[f] === 'mine') values[f] = change.values[f] ?? null;
        // 'theirs': the server already holds it; nothing to send for that field
      } else {
        values[f] = change.values[f] ?? null; // not in conflict: the chair's change stands (merged)
      }
    }
    await resolveConflict(record, values);
    navigate('/chair/sync');
  };

  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        {t('conflict.title')}
      </Title>
      <Text size="sm">{t('conflict.intro')}</Text>
      {fields.map((f) => (
        <Card key={f} withBorder padding="sm" radius="sm" data-testid={`conflict-${f}`}>
          <Text fw={600}>{label(f)}</Text>
          <Text size="sm">
            {t('conflict.base')}: {formatNumber(change.base.values[f], lang)}
          </Text>
          {server.conflicts.includes(f) ? (
            <Radio.Group
              value={choice[f] ?? null}
              onChange={(v) => setChoice((c) => ({ ...c, [f]: v as 'mine' | 'theirs' }))}
              name={`choice-${f}`}
              label={label(f)}
              labelProps={{ style: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' } }}
            >
              <Stack gap="xs" mt="xs">
                <Radio value="mine" label={t('conflict.keepMine', { value: formatNumber(change.values[f], lang) })} />
                <Radio value="theirs" label={t('conflict.keepTheirs', { value: formatNumber(server.values[f], lang) })} />
              </Stack>
            </Radio.Group>
          ) : (
            <Text size="sm">
              {t('conflict.mine')}: {formatNumber(change.values[f], lang)} · {t('conflict.theirs')}: {formatNumber(server.values[f], lang)}
            </Text>
          )}
        </Card>
      ))}
      <Button onClick={() => void apply()} disabled={undecided.length > 0} size="md">
        {t('conflict.apply')}
      </Button>
    </Stack>
  );
}
