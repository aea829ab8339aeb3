import { createRoute } from '@tanstack/react-router';

import { ComingSoon } from '../../components/ComingSoon';
import { rootRoute } from '../../routes/root';

export const cadresRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cadres',
  component: () => <ComingSoon feature="cadres" />,
});

export const cadreRoutes = [cadresRoute] as const;
