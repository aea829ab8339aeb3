import { Button, Stack, type ButtonProps } from '@mantine/core';
import { IconShieldDown } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '../../components/ProblemAlert';
import { downloadPersonalData } from './api';

/** "Xuất dữ liệu cá nhân": everything held about the person as a file (access-logged on the server). */
export function PersonalDataExportButton({ cadreId, ...props }: ButtonProps & { cadreId: number }) {
  const { t } = useTranslation('privacy');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Stack gap={4}>
      <Button
        variant="default"
        leftSection={<IconShieldDown aria-hidden size={16} />}
        loading={busy}
        title={t('export.help')}
        data-testid="personal-data-export"
        {...props}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await downloadPersonalData(cadreId);
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('export.button')}
      </Button>
      {error !== null && <ProblemAlert error={error} />}
    </Stack>
  );
}
