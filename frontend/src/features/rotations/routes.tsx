import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export const rotationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/rotations',
  component: lazyRouteComponent(() => import('./RotationsPage'), 'RotationsPage'),
});

export const rotationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/rotations/$rotationId',
  params: {
    parse: (p: { rotationId: string }) => {
      const id = Number(p.rotationId);
      return { rotationId: Number.isInteger(id) && id > 0 ? id : -1 };
    },
    stringify: (p: { rotationId: number }) => ({ rotationId: String(p.rotationId) }),
  },
  component: lazyRouteComponent(() => import('./RotationPage'), 'RotationPage'),
});

export const rotationRoutes = [rotationsRoute, rotationRoute] as const;
