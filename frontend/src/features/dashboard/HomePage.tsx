import { Anchor, Badge, Card, Group, List, Select, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { usePermissions } from '../../api/queries/me';
import { useNotifications } from '../../api/queries/notifications';
import { usePositions, useUnitTypes } from '../../api/queries/reference';
import { useUnit, useUnitNames } from '../../api/queries/units';
import { AnchorLink } from '../../components/AnchorLink';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, todayIso } from '../../lib/dates';
import { useLabel } from '../../lib/labels';
import { PageLoader } from '../../routes/root';
import { formatCount } from '../org-units/labels';
import { useIndicators } from '../plans/api';
import { landingPath } from './landing';
import { useTaskLabels } from '../tasks/labels';
import { dueWithin, share, useAwaitingMe, useExpiringAppointments, useKeyIndicators, useOpenTasks, useRequestInbox, useRetiringSoon, useTermsWithin, useUnitStatistics } from './queries';
import { homeRoute } from './routes';

const TrendChart = lazy(() => import('./TrendChart'));

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      {hint && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

function UnitSwitcher({ ids, value, onChange }: { ids: number[]; value: number; onChange(id: number): void }) {
  const { t } = useTranslation('dashboard');
  const labels = useUnitNames(ids); // a user holds a few grants: one cached lookup each
  return (
    <Select
      label={t('switcher')}
      data={ids.map((id) => ({ value: String(id), label: labels.get(id) ?? '…' }))}
      value={String(value)}
      onChange={(v) => v && onChange(Number(v))}
      allowDeselect={false}
      w={{ base: '100%', sm: 360 }}
    />
  );
}

export function HomePage() {
  const { t, i18n } = useTranslation('dashboard');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const label = useLabel();
  const perms = usePermissions();
  const search = homeRoute.useSearch();
  const navigate = useNavigate({ from: '/' });
  const unitId = search.unit ?? perms.grantUnitIds[0];
  const unit = useUnit(unitId);
  const types = useUnitTypes();
  const stats = useUnitStatistics(unitId);
  const indicators = useKeyIndicators(unitId);
  const catalogue = useIndicators();
  const awaiting = useAwaitingMe(perms.can('actions:approve'));
  const inbox = useRequestInbox(perms.can('reports:read'));
  const terms = useTermsWithin(unitId);
  const today = todayIso();
  const canTasks = perms.can('actions:write');
  const tasks = useOpenTasks(canTasks);
  const retiring = useRetiringSoon(perms.can('cadres:read') ? unitId : undefined, today);
  const unread = useNotifications(true);
  // imports that finished while the officer was elsewhere (the job notifies its starter; link /cadres/import?job=…)
  const importsDone = (unread.data?.items ?? []).flatMap((n) => {
    const job = n.link?.startsWith('/cadres/import?job=') ? n.link.slice('/cadres/import?job='.length) : undefined;
    return job ? [{ id: n.id, title: n.title, job }] : [];
  });
  const expiring = useExpiringAppointments(perms.can('cadres:read') ? unitId : undefined, today);
  const positions = usePositions();
  const taskLabels = useTaskLabels();
  // A grassroots chair works in the phone app (chair.html, its own entry): a full page load, not a route.
  const chair = perms.isLoading ? null : landingPath(perms.roles);
  useEffect(() => {
    if (chair) window.location.replace(chair);
  }, [chair]);

  // whose term ends (≤ 10 cached lookups); computed before the early returns, as hooks must be
  const termUnits = useUnitNames(dueWithin(terms.data?.items ?? [], (x) => x.end_date, today, 365).slice(0, 10).map((x) => x.unit_id));
  if (perms.isLoading) return <PageLoader />;
  if (chair) return <PageLoader />; // leaving for the chair's own app (effect above)

  const s = stats.data;
  const staff = s ? Object.values(s.staff) : [];
  const cadres = staff.reduce((n, b) => n + b.total, 0);
  const women = staff.reduce((n, b) => n + b.female, 0);
  const young = staff.reduce((n, b) => n + (b.age_band?.under_40 ?? 0), 0);
  const pct = (v: number | undefined) => (v === undefined ? '—' : `${v.toLocaleString(lang === 'en' ? 'en-US' : 'vi-VN')} %`);
  const termsEnding = dueWithin(terms.data?.items ?? [], (x) => x.end_date, today, 365);
  const deadlines = dueWithin(inbox.data?.items ?? [], (x) => x.deadline, today, 90);
  const targets = indicators.progress.data?.items ?? [];
  const openTasks = tasks.data?.items ?? [];
  const actionsWaiting = perms.can('actions:approve') ? (awaiting.data?.items ?? []) : [];
  const retirees = retiring.data?.items ?? [];
  const appointments = expiring.data?.items ?? [];
  const numberFormat = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 1 });
  const withUnit = (x: { value?: number | null; target?: number | null; percentage?: boolean }) => ({
    value: x.value == null ? '—' : `${numberFormat.format(x.value)}${x.percentage ? ' %' : ''}`,
    target: x.target == null ? '—' : `${numberFormat.format(x.target)}${x.percentage ? ' %' : ''}`,
  });
  const indicatorName = (code: string) => {
    const ind = catalogue.byCode(code);
    return ind ? (lang === 'en' ? ind.name_en : ind.name_vi) : '…';
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            {t('title')}
          </Title>
          <Text c="dimmed" size="sm">
            {unit.data ? t('subtitle', { unit: unit.data.name, date: formatDate(s?.as_of ?? today) }) : '…'}
          </Text>
        </div>
        {perms.grantUnitIds.length > 1 && unitId !== undefined && (
          <UnitSwitcher ids={perms.grantUnitIds} value={unitId} onChange={(id) => void navigate({ search: { unit: id } })} />
        )}
      </Group>

      {stats.error ? <ProblemAlert error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      <section aria-labelledby="dash-counts">
        <Title order={2} size="h4" id="dash-counts" mb="sm">
          {t('counts.title')}
        </Title>
        {!s ? (
          <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }}>
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} h={96} />
            ))}
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} data-testid="dashboard-counts">
            <Stat label={t('counts.grassroots')} value={formatCount(s.units.grassroots, lang)} />
            <Stat label={t('counts.members')} value={formatCount(s.members, lang)} />
            <Stat label={t('counts.cadres')} value={formatCount(cadres, lang)} hint={t('counts.fullTime', { count: s.staff.full_time?.total ?? 0 })} />
            <Stat label={t('counts.women')} value={pct(share(women, cadres))} hint={t('counts.ofCadres', { count: women })} />
            <Stat label={t('counts.young')} value={pct(share(young, cadres))} hint={t('counts.ofCadres', { count: young })} />
            <Stat label={t('counts.units')} value={formatCount(Object.values(s.units.by_type).reduce((a, b) => a + b, 0), lang)} />
          </SimpleGrid>
        )}
        {s && (
          <Card withBorder mt="sm" padding="sm">
            <Text size="sm" fw={600} mb={4}>
              {t('counts.byType')}
            </Text>
            <Group gap="xs">
              {Object.entries(s.units.by_type).map(([code, n]) => (
                <Badge key={code} variant="light" size="lg" tt="none">
                  {types.label(code)}: {formatCount(n, lang)}
                </Badge>
              ))}
            </Group>
          </Card>
        )}
      </section>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder component="section" aria-labelledby="dash-indicators">
          <Title order={2} size="h4" id="dash-indicators" mb="sm">
            {t('indicators.title')}
          </Title>
          {indicators.plans.isLoading ? (
            <Skeleton h={80} />
          ) : targets.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('indicators.none')}
            </Text>
          ) : (
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {indicators.plan?.title}
              </Text>
              {targets.map((x) => (
                <div key={x.target_id} data-testid="key-indicator">
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {indicatorName(x.indicator_code)}
                    </Text>
                    <div style={{ flexShrink: 0 }}>
                      <StatusBadge status={x.status} label={t(`indicators.status.${x.status}`)} />
                    </div>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('indicators.value', withUnit(x))}
                  </Text>
                  {(x.trend ?? []).filter((p) => p.value !== null).length > 1 && ( // a line needs two known years
                    <Suspense fallback={<Skeleton h={80} />}>
                      <TrendChart points={x.trend ?? []} label={t('indicators.trend', { name: indicatorName(x.indicator_code) })} />
                    </Suspense>
                  )}
                </div>
              ))}
            </Stack>
          )}
        </Card>

        <Stack gap="lg">
          <Card withBorder component="section" aria-labelledby="dash-waiting">
            <Title order={2} size="h4" id="dash-waiting" mb="sm">
              {t('waiting.title')}
            </Title>
            {actionsWaiting.length === 0 && openTasks.length === 0 && importsDone.length === 0 ? (
              <Text size="sm" c="dimmed">
                {awaiting.isLoading || tasks.isLoading ? t('common:loading') : t('waiting.nothing')}
              </Text>
            ) : (
              <List size="sm" spacing={4} data-testid="waiting-list">
                {actionsWaiting.map((a) => (
                  <List.Item key={`a${a.id}`}>
                    <AnchorLink to="/actions/$actionId" params={{ actionId: String(a.id) }} size="sm">
                      {t('waiting.action', { type: t(`waiting.type.${a.type}`, { defaultValue: t('waiting.type.other') }), date: formatDate(a.effective_date) })}
                    </AnchorLink>
                  </List.Item>
                ))}
                {importsDone.map((n) => (
                  <List.Item key={`n${n.id}`}>
                    <Anchor component={Link} to="/cadres/import" search={{ job: n.job } as never} size="sm">
                      {n.title}
                    </Anchor>
                  </List.Item>
                ))}
                {openTasks.map((x) => (
                  <List.Item key={`t${x.id}`}>
                    <AnchorLink to="/tasks/$taskId" params={{ taskId: String(x.id) }} size="sm">
                      {t('waiting.task', { kind: taskLabels.kind(x.kind), date: formatDate(x.due_on) })}
                    </AnchorLink>
                  </List.Item>
                ))}
              </List>
            )}
            {canTasks && (
              <Anchor component={Link} to="/tasks" size="sm" mt="sm" display="inline-block">
                {t('waiting.allTasks')}
              </Anchor>
            )}
          </Card>

          <Card withBorder component="section" aria-labelledby="dash-deadlines">
            <Title order={2} size="h4" id="dash-deadlines" mb="sm">
              {t('deadlines.title')}
            </Title>
            {deadlines.length === 0 && termsEnding.length === 0 && retirees.length === 0 && appointments.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('deadlines.none')}
              </Text>
            ) : (
              <List size="sm" spacing={4}>
                {deadlines.map((r) => (
                  <List.Item key={`r${r.id}`}>
                    {t('deadlines.request', { title: r.title, date: formatDate(r.deadline) })}
                  </List.Item>
                ))}
                {termsEnding.slice(0, 10).map((x) => (
                  <List.Item key={`t${x.id}`}>
                    {t('deadlines.term', { name: x.name, unit: termUnits.get(x.unit_id) ?? '…', date: formatDate(x.end_date) })}
                  </List.Item>
                ))}
                {appointments.map((a) => (
                  <List.Item key={`a${a.assignment_id}`}>
                    <AnchorLink to="/cadres/$cadreId" params={{ cadreId: a.cadre_id }} size="sm">
                      {t('deadlines.appointment', {
                        name: a.full_name,
                        post: positions.label(a.position_code),
                        unit: a.unit_name,
                        date: formatDate(a.to_date),
                      })}
                    </AnchorLink>
                  </List.Item>
                ))}
                {retirees.map((c) => (
                  <List.Item key={`c${c.id}`}>
                    <AnchorLink to="/cadres/$cadreId" params={{ cadreId: c.id }} size="sm">
                      {t('deadlines.retirement', { name: c.full_name, date: formatDate(c.retirement_on) })}
                    </AnchorLink>
                  </List.Item>
                ))}
              </List>
            )}
            <Anchor component={Link} to="/cadres" size="sm" mt="sm" display="inline-block">
              {t('deadlines.cadres')}
            </Anchor>
          </Card>
        </Stack>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('note', { roles: perms.roles.map((r) => label('role', r)).join(', ') })}
      </Text>
    </Stack>
  );
}
