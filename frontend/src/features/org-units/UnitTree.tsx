/**
 * The union tree as a WAI-ARIA tree view: one tab stop (roving tabindex), arrow keys to move,
 * Right/Left to expand/collapse, Enter/Space to select, Home/End. Children are fetched when a node
 * is first expanded, a page at a time (`GET /api/v1/units?parent_id=&sort=name&limit=50`; a "Show more"
 * item loads the next page), and shown grouped by unit type, each group in Vietnamese name order.
 * Each node shows its member count, workforce (as of the tree's date) and its own cadres.
 */
import { Badge, Group, Loader, Text, VisuallyHidden } from '@mantine/core';
import { IconBriefcase, IconChevronRight, IconDots, IconUserStar, IconUsers } from '@tabler/icons-react';
import { useCallback, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { Unit } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useChildUnitPages, type UnitTypeCatalogue } from './api';
import { todayIso } from '../../lib/dates';
import { endedOn, formatCount } from './labels';
import { groupByType } from './treeGroups';
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
  const { t, i18n } = useTranslation('units');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const isOpen = expanded.has(unit.id);
  const expandable = types.mayHaveChildren(unit.unit_type);
  const children = useChildUnitPages(unit.id, asOf, expandable && isOpen);
  const loaded = useMemo(() => children.data?.pages.flatMap((p) => p.items) ?? [], [children.data]);
  const groups = useMemo(() => groupByType(loaded, types.types), [loaded, types.types]);
  const loadedEmpty = children.isSuccess && loaded.length === 0;
  const hasChildren = expandable && !loadedEmpty;
  const labelId = `unit-${unit.id}-label`;
  const metaId = `unit-${unit.id}-meta`;
  const indent = { paddingInlineStart: level * 20 + 28 };

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
          <span className={classes.meta} id={metaId}>
            <Text span size="xs" c="dimmed">
              {types.label(unit.unit_type)}
            </Text>
            {endedOn(unit.ended_on, asOf, todayIso()) && (
              <Badge size="xs" color="gray" variant="outline">
                {t('tree.ended')}
              </Badge>
            )}
            <NodeCounts unit={unit} />
          </span>
        </span>
      </div>
      {isOpen && children.isPending && (
        <Group gap="xs" className={classes.status} style={indent}>
          <Loader size="xs" aria-hidden />
          <Text span size="xs" c="dimmed">
            {t('tree.loadingChildren')}
          </Text>
        </Group>
      )}
      {isOpen && loadedEmpty && (
        <Text size="xs" c="dimmed" className={classes.status} style={indent}>
          {t('tree.noChildren')}
        </Text>
      )}
      {isOpen && children.isError && (
        <div className={classes.status}>
          <ProblemAlert error={children.error} onRetry={() => void children.refetch()} />
        </div>
      )}
      {isOpen && loaded.length > 0 && (
        <ul role="group" className={classes.group}>
          {groups.map((group) => {
            const headerId = `unit-${unit.id}-type-${group.unitType}`;
            const shown = formatCount(group.units.length, lang);
            const count = children.hasNextPage ? t('tree.groupCountMore', { formatted: shown }) : shown;
            return (
              <li role="none" key={group.unitType} className={classes.typeGroup}>
                <div className={classes.groupHeader} id={headerId}>
                  <Text span size="xs" fw={600} c="dark.4">
                    {types.label(group.unitType)}
                  </Text>
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({count})
                  </Text>
                </div>
                <ul role="group" aria-labelledby={headerId} className={classes.typeList}>
                  {group.units.map((child, i) => (
                    <UnitTreeItem
                      {...props}
                      key={child.id}
                      unit={child}
                      level={level + 1}
                      posinset={i + 1}
                      setsize={group.units.length}
                    />
                  ))}
                </ul>
              </li>
            );
          })}
          {children.hasNextPage && (
            <li
              role="treeitem"
              aria-level={level + 1}
              aria-selected={false}
              tabIndex={-1}
              className={classes.item}
              data-testid="tree-more"
              onClick={(e) => {
                e.stopPropagation();
                if (!children.isFetchingNextPage) void children.fetchNextPage();
              }}
            >
              <div className={classes.row}>
                <span className={classes.toggleSpacer} aria-hidden>
                  {children.isFetchingNextPage ? <Loader size="xs" /> : <IconDots size={18} />}
                </span>
                <Text span size="sm" c="blue.8" td="underline">
                  {children.isFetchingNextPage
                    ? t('tree.loadingMore')
                    : t('tree.more', { formatted: formatCount(loaded.length, lang) })}
                </Text>
              </div>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** Members, workforce and cadres of a node: icons and figures on screen, words for screen readers. */
function NodeCounts({ unit }: { unit: Unit }) {
  const { t, i18n } = useTranslation('units');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const items: { key: string; icon: ReactNode; value: number }[] = [];
  if (unit.member_count !== null && unit.member_count !== undefined)
    items.push({ key: 'members', icon: <IconUsers size={14} aria-hidden />, value: unit.member_count });
  if (unit.workforce !== null && unit.workforce !== undefined)
    items.push({ key: 'workforce', icon: <IconBriefcase size={14} aria-hidden />, value: unit.workforce });
  if (unit.cadre_count !== null && unit.cadre_count !== undefined)
    items.push({ key: 'cadres', icon: <IconUserStar size={14} aria-hidden />, value: unit.cadre_count });
  if (items.length === 0) return null;
  return (
    <span className={classes.counts} data-testid="tree-counts">
      {items.map((item) => {
        const formatted = formatCount(item.value, lang);
        const words = t(`tree.count.${item.key}`, { count: item.value, formatted });
        return (
          <Text span size="xs" c="dark.3" key={item.key} className={classes.count} title={words} data-count={item.key}>
            {item.icon}
            <span aria-hidden>{formatted}</span>
            <VisuallyHidden>{words}</VisuallyHidden>
          </Text>
        );
      })}
    </span>
  );
}
