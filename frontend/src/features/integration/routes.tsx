import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export const webhooksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/integration/webhooks',
  component: lazyRouteComponent(() => import('./WebhooksPage'), 'WebhooksPage'),
});

export const webhookEndpointRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/integration/webhooks/$endpointId',
  component: lazyRouteComponent(() => import('./WebhookEndpointPage'), 'WebhookEndpointPage'),
});

export const integrationRoutes = [webhooksRoute, webhookEndpointRoute] as const;
