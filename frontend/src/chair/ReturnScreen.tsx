import { Alert, Button, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDate } from '../lib/dates';
import { formatBytes, overviewKey, type CachedOverview } from './data';
import { prepareUpload, type Upload } from './image';
import { enqueue } from './outbox';
import { navigate } from './route';

/** Answer a report request: indicator figures and a photo (the camera opens from the form) or a file. */
export default function ReturnScreen({ requestId }: { requestId: number }) {
  const { t, i18n } = useTranslation('chair');
  const lang = i18n.resolvedLanguage ?? 'vi';
  const cached = useQueryClient().getQueryData<CachedOverview>(overviewKey);
  const request = cached?.data.report_requests.find((r) => r.id === requestId);
  const [figures, setFigures] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [file, setFile] = useState<Upload | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [tried, setTried] = useState(false);
  const camera = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  if (!cached || !request) return <Alert color="yellow">{t('return.notFound')}</Alert>;
  const label = (code: string) => {
    const ind = cached.data.indicators.find((i) => i.code === code);
    return ind ? (lang === 'en' ? ind.name_en : ind.name_vi) : code;
  };
  const values = Object.fromEntries(request.indicator_codes.map((c) => [c, (figures[c] ?? '').trim().replace(',', '.')]));
  const invalid = request.indicator_codes.filter((c) => values[c] === '' || Number.isNaN(Number(values[c])));
  const fileMissing = request.requires_file && !file && !request.revision;

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.currentTarget.files?.[0];
    e.currentTarget.value = '';
    if (!f) return;
    setPreparing(true);
    try {
      setFile(await prepareUpload(f));
    } finally {
      setPreparing(false);
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (invalid.length || fileMissing || preparing) return;
    await enqueue({
      kind: 'return',
      requestId: request.id,
      unitId: cached.data.unit.id,
      title: request.title,
      figures: Object.fromEntries(request.indicator_codes.map((c) => [c, Number(values[c])])),
      note: note.trim() || null,
      file: file ? { filename: file.filename, content_type: file.content_type, content_base64: file.content_base64 } : null,
    });
    navigate('/chair');
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="md">
        <Title order={1} size="h3">
          {request.title}
        </Title>
        <Text size="sm">{t('return.deadline', { date: formatDate(request.deadline) })}</Text>
        {request.note && <Text size="sm">{request.note}</Text>}
        <Title order={2} size="h5">
          {t('return.figures')}
        </Title>
        {request.indicator_codes.map((code) => (
          <TextInput
            key={code}
            label={label(code)}
            name={`figure-${code}`}
            inputMode="decimal"
            size="md"
            value={figures[code] ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setFigures((f) => ({ ...f, [code]: v }));
            }}
            error={tried && invalid.includes(code) ? t('return.missingFigure') : undefined}
          />
        ))}
        <Textarea label={t('return.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
        <Title order={2} size="h5">
          {t('return.evidence')}
        </Title>
        {request.requires_file && <Text size="sm">{t('return.evidenceRequired')}</Text>}
        {/* The camera opens straight from the form on a phone (capture="environment"). */}
        <input ref={camera} type="file" accept="image/*" capture="environment" hidden data-testid="camera-input" onChange={(e) => void onFile(e)} />
        <input ref={picker} type="file" hidden data-testid="file-input" onChange={(e) => void onFile(e)} />
        <Group gap="sm">
          <Button variant="light" onClick={() => camera.current?.click()} loading={preparing}>
            {t('return.takePhoto')}
          </Button>
          <Button variant="default" onClick={() => picker.current?.click()} disabled={preparing}>
            {t('return.chooseFile')}
          </Button>
        </Group>
        {preparing && <Text size="sm">{t('return.preparing')}</Text>}
        {file && (
          <Group gap="sm">
            <Text size="sm" data-testid="attached">
              {t('return.attached', { name: file.filename, size: formatBytes(file.size, lang) })}
            </Text>
            <Button variant="subtle" size="compact-sm" onClick={() => setFile(null)}>
              {t('return.remove')}
            </Button>
          </Group>
        )}
        {tried && fileMissing && (
          <Alert color="red" role="alert">
            {t('return.missingFile')}
          </Alert>
        )}
        <Button type="submit" size="md" disabled={preparing}>
          {t('return.submit')}
        </Button>
      </Stack>
    </form>
  );
}
