import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { SyncState } from './outbox';

const COLORS: Record<SyncState, string> = { pending: 'orange', sending: 'blue', sent: 'green', conflict: 'red', error: 'red' };

/** A record's sync state, in words (never only a colour). */
export function StateBadge({ state }: { state: SyncState }) {
  const { t } = useTranslation('chair');
  return (
    <Badge color={COLORS[state]} variant="light" c="dark.9" data-testid="sync-state" data-state={state}>
      {t(`state.${state}`)}
    </Badge>
  );
}
