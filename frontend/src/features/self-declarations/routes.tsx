import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export const selfDeclarationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cadres/self-declarations',
  component: lazyRouteComponent(() => import('./SelfDeclarationsPage'), 'SelfDeclarationsPage'),
});

export const selfDeclarationRoutes = [selfDeclarationsRoute] as const;
