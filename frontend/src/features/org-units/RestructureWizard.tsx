import { Alert, Button, Checkbox, Group, List, Modal, Radio, Select, SimpleGrid, Stack, Stepper, Text, TextInput, Textarea } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { api, call } from '../../api/client';
import { queryKeys } from '../../api/queries/keys';
import type { UnitTypeCatalogue } from '../../api/queries/reference';
import { useChildUnits, useUnit } from '../../api/queries/units';
import type { Unit } from '../../api/types';
import { DateField } from '../../components/DateField';
import { useApiMutation } from '../../components/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { UnitSelect } from '../../components/UnitSelect';
import { formatDate, todayIso } from '../../lib/dates';
import { useUnitImpact } from './impact';
import { formatCount } from './labels';

export const RESTRUCTURE_KINDS = ['create', 'rename', 'move', 'merge', 'split', 'dissolve'] as const;
export type RestructureKind = (typeof RESTRUCTURE_KINDS)[number];

interface NewUnitDraft {
  code: string;
  name: string;
  unit_type: string | null;
}

const emptyDraft = (type: string | null = null): NewUnitDraft => ({ code: '', name: '', unit_type: type });

/** What step 1 of a wizard needs before "Next": every wizard a decision number and a date, then its own fields. */
export interface WizardDraft {
  kind: RestructureKind;
  decisionNo: string;
  effective: string | undefined;
  /** create / merge into a new unit */
  draft: NewUnitDraft;
  /** rename */
  name: string;
  currentName: string;
  newParent: number | undefined;
  partners: readonly number[];
  targetMode: 'existing' | 'new';
  targetId: number | undefined;
  parts: readonly NewUnitDraft[];
  childTarget: number | undefined;
  /** dissolve: whether the unit still has live children to move */
  hasLiveChildren: boolean;
}

export function wizardReady(w: WizardDraft): boolean {
  if (!w.effective || !w.decisionNo.trim()) return false;
  switch (w.kind) {
    case 'create':
      return !!w.draft.code.trim() && !!w.draft.name.trim() && !!w.draft.unit_type;
    case 'rename':
      return !!w.name.trim() && w.name.trim() !== w.currentName;
    case 'move':
      return w.newParent !== undefined;
    case 'merge':
      return (
        w.partners.length > 0 &&
        (w.targetMode === 'existing' ? w.targetId !== undefined : !!w.draft.code.trim() && !!w.draft.name.trim())
      );
    case 'split':
      return w.parts.every((p) => p.code.trim() && p.name.trim());
    case 'dissolve':
      return w.childTarget !== undefined || !w.hasLiveChildren;
  }
}

function Impact({ unitId, what }: { unitId: number; what: string }) {
  const { t, i18n } = useTranslation('units');
  const unitName = useUnitName(unitId);
  const q = useUnitImpact(unitId);
  const lang = i18n.resolvedLanguage ?? 'vi';
  if (q.isLoading) return <Text size="sm">{t('common:loading')}</Text>;
  if (q.error) return <ProblemAlert error={q.error} />;
  const x = q.data!;
  const subordinate = Object.values(x.unitsByType).reduce((a, b) => a + b, 0);
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {what}: {unitName}
      </Text>
      <List size="sm" spacing={0}>
        <List.Item>{t('wizard.impact.units', { count: subordinate, formatted: formatCount(subordinate, lang) })}</List.Item>
        <List.Item>{t('wizard.impact.cadres', { count: x.cadres, formatted: formatCount(x.cadres, lang) })}</List.Item>
        <List.Item>{t('wizard.impact.members', { formatted: formatCount(x.members, lang) })}</List.Item>
        <List.Item>{t('wizard.impact.openPosts', { count: x.openPosts, bodies: x.bodies })}</List.Item>
      </List>
    </Stack>
  );
}

function useUnitName(id: number | undefined): string {
  const u = useUnit(id);
  return u.data?.name ?? '…';
}

export interface RestructureWizardProps {
  unit: Unit;
  kind: RestructureKind;
  types: UnitTypeCatalogue;
  onClose(): void;
  onDone(unitId: number): void;
}

/**
 * One wizard for the six restructuring operations: 1 the change (with decision number and date),
 * 2 the preview of what moves (units, cadres, open posts), 3 the result. The server re-checks every rule
 * (parent types by date, cycles, live children) and its problem titles are shown as they come.
 */
export function RestructureWizard({ unit, kind, types, onClose, onDone }: RestructureWizardProps) {
  const { t } = useTranslation('units');
  const [step, setStep] = useState(0);
  const [decisionNo, setDecisionNo] = useState('');
  const [effective, setEffective] = useState<string | undefined>(todayIso());
  const [note, setNote] = useState('');
  const [name, setName] = useState(unit.name);
  const [newParent, setNewParent] = useState<number>();
  const [partners, setPartners] = useState<number[]>([]);
  const [partner, setPartner] = useState<number>();
  const [targetMode, setTargetMode] = useState<'existing' | 'new'>('new');
  const [targetId, setTargetId] = useState<number>();
  const childTypes = types.types.filter((ty) => ty.allowed_parent_types.some((r) => r.parent_type === unit.unit_type));
  // a new subordinate unit is of a type allowed under this one (preselected when there is only one), never this unit's own
  const [draft, setDraft] = useState<NewUnitDraft>(
    emptyDraft(kind === 'create' ? (childTypes.length === 1 ? childTypes[0]!.code : null) : unit.unit_type),
  );
  const [parts, setParts] = useState<NewUnitDraft[]>([emptyDraft(unit.unit_type), emptyDraft(unit.unit_type)]);
  const [endSource, setEndSource] = useState(true);
  const [childTarget, setChildTarget] = useState<number | undefined>(unit.parent_id ?? undefined);
  const children = useChildUnits(unit.id, undefined, kind === 'dissolve');
  const typeOptions = (list = types.types) => list.map((ty) => ({ value: ty.code, label: types.label(ty.code) }));

  const base = { effective_date: effective!, decision_no: decisionNo.trim() || null, note: note.trim() || null };
  const mutation = useApiMutation({
    mutationFn: async (): Promise<Unit> => {
      switch (kind) {
        case 'create':
          return call(
            api.POST('/api/v1/units', {
              body: {
                code: draft.code,
                name: draft.name,
                unit_type: draft.unit_type ?? '',
                parent_id: unit.id,
                established_on: effective,
                decision_no: base.decision_no,
              },
            }),
          );
        case 'rename':
          return call(api.POST('/api/v1/units/{unit_id}/rename', { params: { path: { unit_id: unit.id } }, body: { ...base, name } }));
        case 'move':
          return call(
            api.POST('/api/v1/units/{unit_id}/move', { params: { path: { unit_id: unit.id } }, body: { ...base, new_parent_id: newParent! } }),
          );
        case 'merge':
          return call(
            api.POST('/api/v1/units/merge', {
              body: {
                ...base,
                source_ids: [unit.id, ...partners],
                ...(targetMode === 'existing'
                  ? { target_id: targetId! }
                  : { target: { code: draft.code, name: draft.name, unit_type: draft.unit_type ?? unit.unit_type, parent_id: unit.parent_id! } }),
              },
            }),
          );
        case 'split': {
          const res = await call(
            api.POST('/api/v1/units/{unit_id}/split', {
              params: { path: { unit_id: unit.id } },
              body: {
                ...base,
                end_source: endSource,
                parts: parts.map((p) => ({ code: p.code, name: p.name, unit_type: p.unit_type ?? unit.unit_type, parent_id: unit.parent_id! })),
              },
            }),
          );
          return res[0]!;
        }
        case 'dissolve':
          return call(
            api.POST('/api/v1/units/{unit_id}/dissolve', {
              params: { path: { unit_id: unit.id } },
              body: {
                ...base,
                move_children: (children.data ?? []).filter((c) => !c.ended_on).map((c) => ({ unit_id: c.id, new_parent_id: childTarget! })),
              },
            }),
          );
      }
    },
    invalidate: [queryKeys.units.all, ['dashboard'], queryKeys.cadres.all],
    onSuccess: () => setStep(2),
  });

  const ready = wizardReady({
    kind,
    decisionNo,
    effective,
    draft,
    name,
    currentName: unit.name,
    newParent,
    partners,
    targetMode,
    targetId,
    parts,
    childTarget,
    hasLiveChildren: (children.data ?? []).some((c) => !c.ended_on),
  });

  const movingUnits = kind === 'merge' ? [unit.id, ...partners] : kind === 'create' || kind === 'rename' ? [] : [unit.id];

  return (
    <Modal opened onClose={onClose} title={t(`wizard.title.${kind}`, { name: unit.name })} size="lg" fullScreen={false} centered closeButtonProps={{ 'aria-label': t('common:close') }}>
      <Stepper active={step} size="xs" mb="md">
        <Stepper.Step label={t('wizard.step.details')} />
        <Stepper.Step label={t('wizard.step.preview')} />
        <Stepper.Step label={t('wizard.step.done')} />
      </Stepper>

      {step === 0 && (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('wizard.decisionNo')} placeholder="123/QĐ-LĐLĐ" value={decisionNo} onChange={(e) => setDecisionNo(e.currentTarget.value)} required />
            <DateField
              label={t(kind === 'create' ? 'wizard.establishedOn' : 'wizard.effectiveDate')}
              value={effective}
              onChange={setEffective}
              required
            />
          </SimpleGrid>
          {kind === 'create' && (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput label={t('detail.code')} value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.currentTarget.value })} required />
                <Select label={t('detail.type')} data={typeOptions(childTypes)} value={draft.unit_type} onChange={(v) => setDraft({ ...draft, unit_type: v })} required />
              </SimpleGrid>
              <TextInput label={t('detail.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} required />
            </>
          )}
          {kind === 'rename' && <TextInput label={t('wizard.newName')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />}
          {kind === 'move' && <UnitSelect label={t('wizard.newParent')} value={newParent} onChange={setNewParent} required />}
          {kind === 'merge' && (
            <>
              <Text size="sm">{t('wizard.mergeSources', { name: unit.name })}</Text>
              <Group align="flex-end" gap="xs">
                <UnitSelect label={t('wizard.addSource')} value={partner} onChange={setPartner} flex={1} />
                <Button
                  variant="default"
                  leftSection={<IconPlus aria-hidden size={16} />}
                  disabled={partner === undefined || partner === unit.id || partners.includes(partner)}
                  onClick={() => {
                    if (partner !== undefined) setPartners([...partners, partner]);
                    setPartner(undefined);
                  }}
                >
                  {t('wizard.add')}
                </Button>
              </Group>
              <List size="sm" data-testid="merge-sources">
                <List.Item>{unit.name}</List.Item>
                {partners.map((id) => (
                  <List.Item key={id}>
                    <Group gap={4}>
                      <PartnerName id={id} />
                      <Button size="compact-xs" variant="subtle" color="red" aria-label={t('wizard.remove')} onClick={() => setPartners(partners.filter((p) => p !== id))}>
                        <IconTrash aria-hidden size={14} />
                      </Button>
                    </Group>
                  </List.Item>
                ))}
              </List>
              <Radio.Group label={t('wizard.target')} value={targetMode} onChange={(v) => setTargetMode(v as 'existing' | 'new')}>
                <Group mt={4}>
                  <Radio value="new" label={t('wizard.targetNew')} />
                  <Radio value="existing" label={t('wizard.targetExisting')} />
                </Group>
              </Radio.Group>
              {targetMode === 'existing' ? (
                <UnitSelect label={t('wizard.targetUnit')} value={targetId} onChange={setTargetId} required />
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextInput label={t('detail.code')} value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.currentTarget.value })} required />
                  <TextInput label={t('detail.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} required />
                </SimpleGrid>
              )}
            </>
          )}
          {kind === 'split' && (
            <>
              {parts.map((p, i) => (
                <SimpleGrid key={i} cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextInput label={t('wizard.partCode', { n: i + 1 })} value={p.code} onChange={(e) => setParts(parts.map((x, j) => (j === i ? { ...x, code: e.currentTarget.value } : x)))} required />
                  <TextInput label={t('wizard.partName', { n: i + 1 })} value={p.name} onChange={(e) => setParts(parts.map((x, j) => (j === i ? { ...x, name: e.currentTarget.value } : x)))} required />
                </SimpleGrid>
              ))}
              <Group>
                <Button variant="default" size="xs" onClick={() => setParts([...parts, emptyDraft(unit.unit_type)])}>
                  {t('wizard.addPart')}
                </Button>
              </Group>
              <Checkbox label={t('wizard.endSource')} checked={endSource} onChange={(e) => setEndSource(e.currentTarget.checked)} />
            </>
          )}
          {kind === 'dissolve' && (children.data ?? []).some((c) => !c.ended_on) && (
            <UnitSelect label={t('wizard.childrenTo', { count: (children.data ?? []).filter((c) => !c.ended_on).length })} value={childTarget} onChange={setChildTarget} required />
          )}
          <Textarea label={t('wizard.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button disabled={!ready} onClick={() => setStep(1)}>
              {t('wizard.next')}
            </Button>
          </Group>
        </Stack>
      )}

      {step === 1 && (
        <Stack gap="sm" data-testid="wizard-preview">
          <Alert variant="light" color="blue">
            {t(`wizard.summary.${kind}`, {
              name: unit.name,
              date: formatDate(effective),
              decision: decisionNo || '—',
              newName: kind === 'create' || kind === 'merge' ? draft.name : name,
            })}
          </Alert>
          {movingUnits.map((id) => (
            <Impact key={id} unitId={id} what={t('wizard.moves')} />
          ))}
          {mutation.error !== null && <ProblemAlert error={mutation.error} />}
          <Group justify="space-between">
            <Button variant="default" onClick={() => setStep(0)}>
              {t('wizard.back')}
            </Button>
            <Button color={kind === 'dissolve' ? 'red' : undefined} loading={mutation.isPending} onClick={() => mutation.mutate(undefined)}>
              {t(`wizard.confirm.${kind}`)}
            </Button>
          </Group>
        </Stack>
      )}

      {step === 2 && mutation.data && (
        <Stack gap="sm">
          <Alert color="green" data-testid="wizard-done">
            {t('wizard.doneText', { name: mutation.data.name })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={() => onDone(mutation.data!.id)}>{t('wizard.open')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function PartnerName({ id }: { id: number }) {
  return <Text span size="sm">{useUnitName(id)}</Text>;
}
