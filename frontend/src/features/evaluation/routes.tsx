import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

function idParam<K extends string>(key: K) {
  return {
    parse: (params: Record<K, string>) => {
      const id = Number(params[key]);
      return { [key]: Number.isInteger(id) && id > 0 ? id : -1 } as Record<K, number>;
    },
    stringify: (params: Record<K, number>) => ({ [key]: String(params[key]) }) as Record<K, string>,
  };
}

export const evaluationBoardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/evaluation',
  component: lazyRouteComponent(() => import('./CycleBoardPage'), 'CycleBoardPage'),
});

export const evaluationCycleRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/evaluation/cycles/$cycleId',
  params: idParam('cycleId'),
  component: lazyRouteComponent(() => import('./CyclePage'), 'CyclePage'),
});

export const selfAssessmentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/evaluation/self-assessment/$evaluationId',
  params: idParam('evaluationId'),
  component: lazyRouteComponent(() => import('./SelfAssessmentPage'), 'SelfAssessmentPage'),
});

export const myEvaluationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/me/evaluations',
  component: lazyRouteComponent(() => import('./MyEvaluationsPage'), 'MyEvaluationsPage'),
});

export const evaluationRoutes = [evaluationBoardRoute, evaluationCycleRoute, selfAssessmentRoute, myEvaluationsRoute] as const;
