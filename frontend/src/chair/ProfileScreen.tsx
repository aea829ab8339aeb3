import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../api/client';
import type { components } from '../api/schema';
import { parseViDate } from '../lib/dates';
import { formatTime } from './data';
import { enqueue, useOutbox, type DeclarationChange } from './outbox';
import { StateBadge } from './StateBadge';

type Declaration = components['schemas']['SelfDeclarationRead'];
type Section = Declaration['section'];
const SECTIONS: Section[] = ['contact', 'qualifications', 'employment', 'family'];
const STATUS_COLOR = { pending: 'orange', confirmed: 'green', rejected: 'red', superseded: 'gray' } as const;
const LEVELS = {
  education: ['trung_cap', 'cao_dang', 'dai_hoc', 'thac_si', 'tien_si'],
  political_theory: ['so_cap', 'trung_cap', 'cao_cap', 'cu_nhan'],
} as const;
const RELATIONS = ['father', 'mother', 'spouse', 'child', 'sibling', 'father_in_law', 'mother_in_law', 'other'] as const;

export const declarationsKey = ['chair', 'declarations'] as const;

/** The chair's own profile, declared section by section (contact, qualifications, employment, family) through the
 *  outbox; the officer confirms each section and the chair sees its state here. */
export default function ProfileScreen() {
  const { t, i18n } = useTranslation('chair');
  const outbox = useOutbox();
  const [open, setOpen] = useState<Section | null>(null);
  const mine = useQuery({
    queryKey: declarationsKey,
    queryFn: () => call(api.GET('/api/v1/me/self-declarations')),
    staleTime: 0,
    networkMode: 'offlineFirst',
  });
  const me = useQuery({ queryKey: ['chair', 'me'], queryFn: () => call(api.GET('/api/v1/me')), staleTime: 3600_000, networkMode: 'offlineFirst' });
  const items = mine.data?.items ?? [];
  if (me.data && me.data.cadre_id == null) {
    return (
      <Stack gap="lg">
        <Title order={1} size="h3">
          {t('profile.title')}
        </Title>
        <Alert color="yellow">{t('profile.noCadre')}</Alert>
      </Stack>
    );
  }
  const latest = (s: Section) => [...items].reverse().find((d) => d.section === s && d.status !== 'superseded');

  return (
    <Stack gap="lg">
      <Title order={1} size="h3">
        {t('profile.title')}
      </Title>
      <Text size="sm">{t('profile.intro')}</Text>
      {!mine.data && mine.fetchStatus !== 'fetching' && <Alert color="yellow">{t('profile.offline')}</Alert>}
      {SECTIONS.map((s) => {
        const last = latest(s);
        const local = outbox.filter((r) => r.change.kind === 'declaration' && r.change.body.section === s && r.state !== 'sent');
        return (
          <Card key={s} withBorder padding="sm" component="section" aria-labelledby={`section-${s}`} data-testid={`declaration-${s}`}>
            <Group justify="space-between" wrap="nowrap" align="start">
              <Title order={2} size="h4" id={`section-${s}`}>
                {t(`profile.sections.${s}`)}
              </Title>
              <Badge color={last ? STATUS_COLOR[last.status] : 'gray'} variant="light" c="dark.9" data-testid="declaration-status" data-status={last?.status ?? 'none'}>
                {t(`profile.status.${last?.status ?? 'none'}`)}
              </Badge>
            </Group>
            {last && (
              <>
                <Text size="sm">{summary(s, last.values ?? {}, t)}</Text>
                <Text size="xs">{t('profile.declaredAt', { time: formatTime(last.requested_at, i18n.language) })}</Text>
                {last.decision_note && <Text size="sm">{t('profile.note', { note: last.decision_note })}</Text>}
              </>
            )}
            {local.map((r) => (
              <Group key={r.id} gap="xs" mt={4} data-testid="declaration-local">
                <Text size="sm">{r.change.kind === 'declaration' ? r.change.label : ''}</Text>
                <StateBadge state={r.state} />
                {r.error && <Text size="xs" c="red.9">{r.error}</Text>}
              </Group>
            ))}
            {open === s ? (
              <SectionForm section={s} onDone={() => setOpen(null)} />
            ) : (
              <Button variant="light" mt="xs" size="md" onClick={() => setOpen(s)} aria-describedby={`section-${s}`}>
                {t('profile.declare')}
              </Button>
            )}
          </Card>
        );
      })}
    </Stack>
  );
}

type T = (k: string, o?: Record<string, unknown>) => string;

function summary(section: Section, v: Record<string, unknown>, t: T): string {
  const str = (k: string) => (v[k] == null || v[k] === '' ? null : String(v[k]));
  switch (section) {
    case 'contact':
      return [str('phone'), str('email'), str('hometown')].filter(Boolean).join(' · ');
    case 'qualifications': {
      const kind = str('kind') ?? '';
      return [t(`profile.kinds.${kind}`), t(`profile.levels.${kind}.${str('level') ?? ''}`), str('major'), str('institution')].filter(Boolean).join(' · ');
    }
    case 'employment':
      return [str('organisation'), str('job_position')].filter(Boolean).join(' · ');
    case 'family':
      return [t(`profile.relations.${str('relation') ?? 'other'}`), str('full_name'), str('birth_year')].filter(Boolean).join(' · ');
  }
}

function SectionForm({ section, onDone }: { section: Section; onDone: () => void }) {
  const { t } = useTranslation('chair');
  const [v, setV] = useState<Record<string, string>>({ kind: 'education', level: 'dai_hoc', relation: 'spouse' });
  const [tried, setTried] = useState(false);
  const set = (k: string) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setV((p) => ({ ...p, [k]: value, ...(k === 'kind' ? { level: value === 'education' ? 'dai_hoc' : 'trung_cap' } : {}) }));
  };
  const val = (k: string) => (v[k] ?? '').trim();
  const opt = (k: string) => val(k) || undefined;

  let body: DeclarationChange['body'] | null = null;
  let problems: Record<string, string> = {};
  if (section === 'contact') {
    const values = Object.fromEntries((['phone', 'email', 'hometown'] as const).filter((k) => val(k)).map((k) => [k, val(k)]));
    if (Object.keys(values).length === 0) problems = { phone: t('profile.atLeastOne') };
    else body = { section, values };
  } else if (section === 'qualifications') {
    const awarded = val('awarded_on') ? parseViDate(val('awarded_on')) : null;
    if (val('awarded_on') && !awarded) problems = { awarded_on: t('profile.invalidDate') };
    else
      body = {
        section,
        values: { kind: v.kind as 'education' | 'political_theory', level: val('level'), major: opt('major'), institution: opt('institution'), awarded_on: awarded ?? undefined },
      };
  } else if (section === 'employment') {
    const from = parseViDate(val('from_date'));
    if (!val('organisation')) problems.organisation = t('profile.required');
    if (!from) problems.from_date = t('profile.invalidDate');
    if (from && val('organisation')) body = { section, values: { organisation: val('organisation'), job_position: opt('job_position'), from_date: from, in_union: true } };
  } else {
    const year = val('birth_year') ? Number(val('birth_year')) : undefined;
    if (!val('full_name')) problems.full_name = t('profile.required');
    else body = { section, values: { relation: v.relation as (typeof RELATIONS)[number], full_name: val('full_name'), birth_year: year, occupation: opt('occupation') } };
  }
  const err = (k: string) => (tried ? problems[k] : undefined);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!body) return;
    const label = t('profile.label', { section: t(`profile.sections.${section}`), summary: summary(section, body.values as Record<string, unknown>, t) });
    await enqueue({ kind: 'declaration', body, label });
    onDone();
  };

  const text = (k: string, label: string, extra: { inputMode?: 'numeric' | 'tel' | 'email'; description?: string } = {}): ReactNode => (
    <TextInput key={k} label={label} value={v[k] ?? ''} onChange={set(k)} error={err(k)} size="md" name={k} {...extra} />
  );
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm" mt="sm">
        {section === 'contact' && (
          <>
            {text('phone', t('profile.phone'), { inputMode: 'tel' })}
            {text('email', t('profile.email'), { inputMode: 'email' })}
            {text('hometown', t('profile.hometown'))}
          </>
        )}
        {section === 'qualifications' && (
          <>
            <NativeSelect label={t('profile.kind')} value={v.kind} onChange={set('kind')} size="md" name="kind"
              data={(['education', 'political_theory'] as const).map((k) => ({ value: k, label: t(`profile.kinds.${k}`) }))} />
            <NativeSelect label={t('profile.level')} value={v.level} onChange={set('level')} size="md" name="level"
              data={LEVELS[v.kind as keyof typeof LEVELS].map((l) => ({ value: l, label: t(`profile.levels.${v.kind}.${l}`) }))} />
            {text('major', t('profile.major'))}
            {text('institution', t('profile.institution'))}
            {text('awarded_on', t('profile.awardedOn'), { inputMode: 'numeric', description: t('profile.dateHint') })}
          </>
        )}
        {section === 'employment' && (
          <>
            {text('organisation', t('profile.organisation'))}
            {text('job_position', t('profile.jobPosition'))}
            {text('from_date', t('profile.fromDate'), { inputMode: 'numeric', description: t('profile.dateHint') })}
          </>
        )}
        {section === 'family' && (
          <>
            <NativeSelect label={t('profile.relation')} value={v.relation} onChange={set('relation')} size="md" name="relation"
              data={RELATIONS.map((r) => ({ value: r, label: t(`profile.relations.${r}`) }))} />
            {text('full_name', t('profile.fullName'))}
            {text('birth_year', t('profile.birthYear'), { inputMode: 'numeric' })}
            {text('occupation', t('profile.occupation'))}
          </>
        )}
        <Group gap="xs">
          <Button type="submit" size="md">
            {t('profile.send')}
          </Button>
          <Button variant="subtle" size="md" onClick={onDone}>
            {t('profile.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
