import { Badge, Group, Loader, Stack, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../lib/dates';
import type { UnitEvent } from '../../api/types';
import { useUnit, useUnitHistory } from './api';
import { historyWords } from './historyWords';
import { eventLabelKey } from './labels';

/** The event as this unit lived it ("Chuyển về LĐLĐ tỉnh …" for the child of a dissolved federation). */
function Words({ event, unitId }: { event: UnitEvent; unitId: number }) {
  const { t } = useTranslation('units');
  const words = historyWords(event, unitId);
  const parent = useUnit(words.parentId);
  const params = { ...words.params, newParent: parent.data?.name ?? '…' };
  return (
    <Text span fw={600} size="sm" data-testid="history-words">
      {t(words.key, params)}
    </Text>
  );
}

/** GET /api/v1/units/{id}/history: the unit's establish / rename / move / merge / split / dissolve events. */
export function UnitHistory({ unitId }: { unitId: number }) {
  const { t } = useTranslation('units');
  const history = useUnitHistory(unitId);

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('history.title')}
      </Title>
      {history.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
      {history.isError && <ProblemAlert error={history.error} onRetry={() => void history.refetch()} />}
      {history.data && history.data.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('history.empty')}
        </Text>
      )}
      {history.data && history.data.items.length > 0 && (
        <Timeline active={history.data.items.length} bulletSize={16} lineWidth={2} color="blue.8">
          {history.data.items.map((event) => {
            // A child sees the event's main units, not its hundred siblings; long lists are cut at 8.
            const relevant = event.units.filter(
              (u) => u.unit_id !== unitId && (event.role !== 'child' || u.role !== 'child'),
            );
            const related = relevant.slice(0, 8);
            const more = relevant.length - related.length;
            return (
              <Timeline.Item
                key={event.id}
                title={
                  <Group gap="xs" component="span">
                    <Words event={event} unitId={unitId} />
                    <Badge size="xs" variant="light" color="gray" tt="none">
                      {t(eventLabelKey(event.event_type))}
                    </Badge>
                    <Text span size="sm" c="dimmed">
                      {formatDate(event.effective_date)}
                    </Text>
                  </Group>
                }
                data-event-type={event.event_type}
              >
                {event.decision_no && <Text size="sm">{t('history.decision', { no: event.decision_no })}</Text>}
                {event.note && (
                  <Text size="sm" c="dimmed">
                    {event.note}
                  </Text>
                )}
                {related.length > 0 && (
                  <Group gap={4} mt={4} aria-label={t('history.related')} role="list">
                    {related.map((u) => (
                      <Badge
                        key={`${String(u.unit_id)}-${String(u.role)}`}
                        role="listitem"
                        variant="light"
                        color="gray"
                        size="sm"
                        tt="none"
                      >
                        {String(u.name ?? u.code ?? u.unit_id)}
                        {u.role ? ` · ${t(`history.role.${String(u.role)}`, { defaultValue: String(u.role) })}` : ''}
                      </Badge>
                    ))}
                    {more > 0 && (
                      <Badge role="listitem" variant="outline" color="gray" size="sm" tt="none">
                        {t('history.more', { count: more })}
                      </Badge>
                    )}
                  </Group>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Stack>
  );
}
