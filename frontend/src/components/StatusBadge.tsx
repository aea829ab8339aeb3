import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  draft: 'gray',
  submitted: 'blue',
  approved: 'teal',
  effective: 'green',
  rejected: 'red',
  withdrawn: 'gray',
  superseded: 'gray',
  issued: 'green',
  dat: 'green',
  vuot: 'teal',
  khong_dat: 'red',
  chua_den_han: 'gray',
  late: 'orange',
  missing: 'red',
  queued: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  open: 'orange',
  done: 'green',
  dismissed: 'gray',
};

/** A coloured status label; the text is always the translated label, never the code. */
export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light" tt="none" data-status={status} style={{ color: '#1a1b1e' }}>
      {label}
    </Badge>
  );
}
