/**
 * The route tree, assembled from the features' own route modules (each feature owns its routes,
 * search-param validators and lazy page components: docs/architecture.md "SPA conventions").
 *
 *   /               home dashboard (a grassroots chair with no other role is sent to /chair)
 *   /units          unit tree (?unit=<id>&as_of=YYYY-MM-DD&q=<text>)
 *   /cadres…        cadre list, profile, forms, import
 *   /evaluation…    evaluation cycles, the cycle board, the self-assessment form
 *   /training…      course catalogue, a course's learners and results, coverage gaps
 *   /planning, /reports   placeholders until their features land
 *   /chair          not a route: the chair's phone PWA is its own entry (chair.html), reached by a full page load
 *   /auth/callback  end of the OAuth code flow
 *
 * Every page needs a session: without one the layout shows the sign-in card instead of the page.
 * To add a feature: `export const xRoutes = [...]` in src/features/<x>/routes.tsx, spread it below,
 * and add its menu line to src/components/nav.ts.
 */
import type { QueryClient } from '@tanstack/react-query';
import { createRoute, createRouter } from '@tanstack/react-router';

import { CallbackPage } from '../auth/CallbackPage';
import { CALLBACK_PATH } from '../auth/session';
import { actionRoutes } from '../features/actions/routes';
import { adminRoutes } from '../features/admin/routes';
import { planningRoutes } from '../features/planning/routes';
import { plansRoutes } from '../features/plans/routes';
import { privacyRoutes } from '../features/privacy/routes';
import { auditRoutes } from '../features/audit/routes';
import { reportRequestRoutes } from '../features/report-requests/routes';
import { reportRoutes } from '../features/reports/routes';
import { taskRoutes } from '../features/tasks/routes';
import { ratingRoutes } from '../features/ratings/routes';
import { rotationRoutes } from '../features/rotations/routes';
import { cadreRoutes } from '../features/cadres/routes';
import { dashboardRoutes } from '../features/dashboard/routes';
import { evaluationRoutes } from '../features/evaluation/routes';
import { integrationRoutes } from '../features/integration/routes';
import { jobRoutes } from '../features/jobs/routes';
import { unitRoutes } from '../features/org-units/routes';
import { selfDeclarationRoutes } from '../features/self-declarations/routes';
import { trainingRoutes } from '../features/training/routes';
import { PageLoader, rootRoute } from './root';

export { rootRoute, type RouterContext } from './root';
export { validateUnitsSearch, type UnitsSearch } from '../features/org-units/routes';


const callbackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: CALLBACK_PATH,
  component: CallbackPage,
});

export const routeTree = rootRoute.addChildren([
  ...dashboardRoutes,
  ...unitRoutes,
  ...taskRoutes,
  ...selfDeclarationRoutes, // before cadreRoutes: /cadres/self-declarations ≠ /cadres/$cadreId
  ...cadreRoutes,
  ...actionRoutes,
  ...reportRoutes,
  ...reportRequestRoutes,
  ...auditRoutes,
  ...adminRoutes,
  ...planningRoutes,
  ...evaluationRoutes,
  ...trainingRoutes,
  ...rotationRoutes,
  ...ratingRoutes,
  ...plansRoutes,
  ...integrationRoutes,
  ...privacyRoutes,
  ...jobRoutes,
  callbackRoute,
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPendingComponent: PageLoader,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
