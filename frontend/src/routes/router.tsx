/**
 * Code-based TanStack Router routes.
 *
 *   /               → /units
 *   /units          unit tree (?unit=<id>&as_of=YYYY-MM-DD&q=<text>)
 *   /cadres, /planning, /reports   "coming soon" placeholders
 *   /chair          phone-first page of a grassroots union chair
 *   /auth/callback  end of the OAuth code flow
 *
 * Every page needs a session: without one the layout shows the sign-in card instead of the page.
 */
import { Center, Loader } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  useRouterState,
} from '@tanstack/react-router';

import { useAuth } from '../auth/AuthProvider';
import { CallbackPage } from '../auth/CallbackPage';
import { LandingCard } from '../auth/LandingCard';
import { CALLBACK_PATH } from '../auth/session';
import { AppLayout } from '../components/AppLayout';
import { ChairLayout } from '../components/ChairLayout';
import { ComingSoon, NotFound } from '../components/ComingSoon';
import { isIsoDate } from '../lib/dates';

export interface RouterContext {
  queryClient: QueryClient;
}

function Gate() {
  const { status } = useAuth();
  if (status === 'loading') {
    return (
      <Center mih="40dvh">
        <Loader aria-hidden />
      </Center>
    );
  }
  return status === 'signed_in' ? <Outlet /> : <LandingCard />;
}

function RootLayout() {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (pathname === CALLBACK_PATH) {
    return (
      <ChairLayout>
        <Outlet />
      </ChairLayout>
    );
  }
  const Layout = pathname === '/chair' || pathname.startsWith('/chair/') ? ChairLayout : AppLayout;
  return (
    <Layout>
      <Gate />
    </Layout>
  );
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFound,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/units', replace: true });
  },
});

export interface UnitsSearch {
  unit?: number;
  as_of?: string;
  q?: string;
}

export function validateUnitsSearch(search: Record<string, unknown>): UnitsSearch {
  const unit = Number(search.unit);
  const q = typeof search.q === 'string' ? search.q.slice(0, 200) : undefined;
  return {
    unit: Number.isInteger(unit) && unit > 0 ? unit : undefined,
    as_of: isIsoDate(search.as_of) ? search.as_of : undefined,
    q: q || undefined,
  };
}

const unitsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units',
  validateSearch: validateUnitsSearch,
  component: lazyRouteComponent(() => import('../features/org-units/UnitsPage'), 'UnitsPage'),
});

const cadresRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cadres',
  component: () => <ComingSoon feature="cadres" />,
});

const planningRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/planning',
  component: () => <ComingSoon feature="planning" />,
});

const reportsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reports',
  component: () => <ComingSoon feature="reports" />,
});

const chairRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/chair',
  component: lazyRouteComponent(() => import('../features/chair/ChairPage'), 'ChairPage'),
});

const callbackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: CALLBACK_PATH,
  component: CallbackPage,
});

export const routeTree = rootRoute.addChildren([
  indexRoute,
  unitsRoute,
  cadresRoute,
  planningRoute,
  reportsRoute,
  chairRoute,
  callbackRoute,
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPendingComponent: () => (
      <Center mih="40dvh">
        <Loader aria-hidden />
      </Center>
    ),
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
