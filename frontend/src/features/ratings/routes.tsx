import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export const ratingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/unit-ratings/$ratingId',
  params: {
    parse: (p: { ratingId: string }) => {
      const id = Number(p.ratingId);
      return { ratingId: Number.isInteger(id) && id > 0 ? id : -1 };
    },
    stringify: (p: { ratingId: number }) => ({ ratingId: String(p.ratingId) }),
  },
  component: lazyRouteComponent(() => import('./RatingPage'), 'RatingPage'),
});

export const ratingRoutes = [ratingRoute] as const;
