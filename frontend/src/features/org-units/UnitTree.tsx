/**
 * The union tree as a WAI-ARIA tree view: one tab stop (roving tabindex), arrow keys to move,
 * Right/Left to expand/collapse, Enter/Space to select, Home/End. Children are fetched when a node
 * is first expanded (`GET /api/v1/units?parent_id=`, every page).
 */
import { Badge, Group, Loader, Text } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useCallback, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { Unit } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useChildUnits, type UnitTypeCatalogue } from './api';
import { todayIso } from '../../lib/dates';
import { endedOn } from './labels';
import classes from './UnitTree.module.css';

export interface UnitTreeProps {
  roots: Unit[];
  asOf?: string;
  selectedId?: number;
  expanded: ReadonlySet<number>;
  onToggle(id: number, open: boolean): void;
  onSelect(unit: Unit): void;
  types: UnitTypeCatalogue;
  /** The node that holds the tab stop (defaults to the selected node, else the first root). */
  focusedId?: number;
  onFocusChange(id: number): void;
}

export function UnitTree(props: UnitTreeProps) {
  const { t } = useTranslation('units');
  const treeRef = useRef<HTMLUListElement>(null);
  const { roots, focusedId, selectedId, onToggle, onFocusChange } = props;
  const tabStop = focusedId ?? selectedId ?? roots[0]?.id;

  const focusItem = useCallback(
    (el: Element | null | undefined) => {
      if (!(el instanceof HTMLElement)) return;
      el.focus();
      const id = Number(el.dataset.unitId);
      if (!Number.isNaN(id)) onFocusChange(id);
    },
    [onFocusChange],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const tree = treeRef.current;
    const current = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!tree || !current) return;
    const items = Array.from(tree.querySelectorAll<HTMLElement>('[role="treeitem"]'));
    const index = items.indexOf(current);
    const id = Number(current.dataset.unitId);
    const expandedAttr = current.getAttribute('aria-expanded');
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        focusItem(items[index + 1]);
        break;
      case 'ArrowUp':
        focusItem(items[index - 1]);
        break;
      case 'Home':
        focusItem(items[0]);
        break;
      case 'End':
        focusItem(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (expandedAttr === 'false') onToggle(id, true);
        else if (expandedAttr === 'true') focusItem(current.querySelector('[role="group"] [role="treeitem"]'));
        break;
      case 'ArrowLeft':
        if (expandedAttr === 'true') onToggle(id, false);
        else focusItem(current.parentElement?.closest('[role="treeitem"]'));
        break;
      case 'Enter':
      case ' ':
        current.click();
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <ul role="tree" aria-label={t('tree.label')} className={classes.tree} ref={treeRef} onKeyDown={onKeyDown}>
      {roots.map((unit, i) => (
        <UnitTreeItem
          key={unit.id}
          unit={unit}
          level={1}
          posinset={i + 1}
          setsize={roots.length}
          tabStop={tabStop}
          {...props}
        />
      ))}
    </ul>
  );
}

interface ItemProps extends UnitTreeProps {
  unit: Unit;
  level: number;
  posinset: number;
  setsize: number;
  tabStop: number | undefined;
}

function UnitTreeItem(props: ItemProps) {
  const { unit, level, posinset, setsize, asOf, selectedId, expanded, onToggle, onSelect, types, tabStop, onFocusChange } =
    props;
  const { t } = useTranslation('units');
  const isOpen = expanded.has(unit.id);
  const expandable = types.mayHaveChildren(unit.unit_type);
  const children = useChildUnits(unit.id, asOf, expandable && isOpen);
  const loadedEmpty = children.isSuccess && children.data.length === 0;
  const hasChildren = expandable && !loadedEmpty;
  const labelId = `unit-${unit.id}-label`;
  const metaId = `unit-${unit.id}-meta`;

  return (
    <li
      role="treeitem"
      aria-labelledby={labelId}
      aria-describedby={metaId}
      aria-level={level}
      aria-posinset={posinset}
      aria-setsize={setsize}
      aria-selected={selectedId === unit.id}
      aria-expanded={hasChildren ? isOpen : undefined}
      aria-busy={isOpen && children.isFetching ? true : undefined}
      tabIndex={tabStop === unit.id ? 0 : -1}
      data-unit-id={unit.id}
      className={classes.item}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocusChange(unit.id);
      }}
      onClick={(e) => {
        e.stopPropagation();
        onSelect(unit);
      }}
    >
      <div className={classes.row} data-selected={selectedId === unit.id || undefined}>
        {hasChildren ? (
          <span
            className={classes.toggle}
            data-open={isOpen || undefined}
            aria-hidden
            data-testid="tree-toggle"
            onClick={(e) => {
              e.stopPropagation();
              onToggle(unit.id, !isOpen);
            }}
          >
            <IconChevronRight size={18} />
          </span>
        ) : (
          <span className={classes.toggleSpacer} aria-hidden />
        )}
        <span className={classes.label}>
          <Text span id={labelId} size="sm" fw={selectedId === unit.id ? 600 : 400}>
            {unit.name}
          </Text>
          <Group gap={6} wrap="nowrap" className={classes.meta} id={metaId}>
            <Text span size="xs" c="dimmed">
              {types.label(unit.unit_type)}
            </Text>
            {endedOn(unit.ended_on, asOf, todayIso()) && (
              <Badge size="xs" color="gray" variant="outline">
                {t('tree.ended')}
              </Badge>
            )}
          </Group>
        </span>
      </div>
      {isOpen && children.isPending && (
        <Group gap="xs" className={classes.status} style={{ paddingInlineStart: level * 20 + 28 }}>
          <Loader size="xs" aria-hidden />
          <Text span size="xs" c="dimmed">
            {t('tree.loadingChildren')}
          </Text>
        </Group>
      )}
      {isOpen && loadedEmpty && (
        <Text size="xs" c="dimmed" className={classes.status} style={{ paddingInlineStart: level * 20 + 28 }}>
          {t('tree.noChildren')}
        </Text>
      )}
      {isOpen && children.isError && (
        <div className={classes.status}>
          <ProblemAlert error={children.error} onRetry={() => void children.refetch()} />
        </div>
      )}
      {isOpen && children.data && children.data.length > 0 && (
        <ul role="group" className={classes.group}>
          {children.data.map((child, i) => (
            <UnitTreeItem
              {...props}
              key={child.id}
              unit={child}
              level={level + 1}
              posinset={i + 1}
              setsize={children.data.length}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
