import { Button, type ButtonProps, Stack } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';

import { downloadFile } from '../lib/download';
import { ProblemAlert } from './ProblemAlert';

/** A button that downloads an API file with the user's token, with a busy state and the error if any. */
export function DownloadButton({
  url,
  fileName,
  children,
  ...props
}: ButtonProps & { url: string; fileName: string; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Stack gap={4}>
      <Button
        variant="default"
        leftSection={<IconDownload aria-hidden size={18} />}
        loading={busy}
        {...props}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await downloadFile(url, fileName);
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {children}
      </Button>
      {error !== null && <ProblemAlert error={error} />}
    </Stack>
  );
}
