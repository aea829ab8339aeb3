/**
 * The root route and the page shell. Features import `rootRoute` from here to hang their own routes on it
 * (src/features/<feature>/routes.tsx); src/routes/router.tsx only assembles the tree.
 */
import { Center, Loader } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, Outlet, useRouterState } from '@tanstack/react-router';

import { useAuth } from '../auth/AuthProvider';
import { LandingCard } from '../auth/LandingCard';
import { CALLBACK_PATH } from '../auth/session';
import { AppLayout } from '../components/AppLayout';
import { BareLayout } from '../components/BareLayout';
import { NotFound } from '../components/ComingSoon';

export interface RouterContext {
  queryClient: QueryClient;
}

export function PageLoader() {
  return (
    <Center mih="40dvh">
      <Loader aria-hidden />
    </Center>
  );
}

function Gate() {
  const { status } = useAuth();
  if (status === 'loading') return <PageLoader />;
  return status === 'signed_in' ? <Outlet /> : <LandingCard />;
}

function RootLayout() {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (pathname === CALLBACK_PATH) {
    return (
      <BareLayout>
        <Outlet />
      </BareLayout>
    );
  }
  return (
    <AppLayout>
      <Gate />
    </AppLayout>
  );
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFound,
});
