import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';
import { validateCadreSearch } from './search';

export const cadresRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cadres',
  validateSearch: validateCadreSearch,
  component: lazyRouteComponent(() => import('./CadreListPage'), 'CadreListPage'),
});

export const cadreNewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cadres/new',
  validateSearch: (s: Record<string, unknown>): { unit?: number } => {
    const unit = Number(s.unit);
    return Number.isInteger(unit) && unit > 0 ? { unit } : {};
  },
  component: lazyRouteComponent(() => import('./CadreFormPage'), 'CadreCreatePage'),
});

export const cadreImportRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cadres/import',
  // ?job=<id>: reopen a check or commit that finished while the officer was away (the notification's link)
  validateSearch: (s: Record<string, unknown>): { job?: string } =>
    typeof s.job === 'string' && /^[\w-]{1,64}$/.test(s.job) ? { job: s.job } : {},
  component: lazyRouteComponent(() => import('./ImportWizard'), 'ImportWizard'),
});

function cadreIdParam(params: { cadreId: string }): { cadreId: number } {
  const id = Number(params.cadreId);
  return { cadreId: Number.isInteger(id) && id > 0 ? id : -1 };
}

export const cadreProfileRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cadres/$cadreId',
  params: { parse: cadreIdParam, stringify: (p: { cadreId: number }) => ({ cadreId: String(p.cadreId) }) },
  component: lazyRouteComponent(() => import('./CadreProfilePage'), 'CadreProfilePage'),
});

export const cadreEditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cadres/$cadreId/edit',
  params: { parse: cadreIdParam, stringify: (p: { cadreId: number }) => ({ cadreId: String(p.cadreId) }) },
  component: lazyRouteComponent(() => import('./CadreFormPage'), 'CadreEditPage'),
});

export const cadreRoutes = [cadresRoute, cadreNewRoute, cadreImportRoute, cadreProfileRoute, cadreEditRoute] as const;
