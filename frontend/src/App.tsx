import './mantine-styles';
import './styles.css';

import { MantineProvider } from '@mantine/core';
import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect } from 'react';

import { AuthProvider, useAuth } from './auth/AuthProvider';
import { createAppRouter } from './routes/router';
import { cssVariablesResolver, theme } from './theme';

/** Drop every cached API answer when the session ends, so the next user never sees them. */
function ClearCacheOnSignOut() {
  const { status } = useAuth();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (status === 'signed_out') queryClient.clear();
  }, [status, queryClient]);
  return null;
}

export function App({ queryClient, router }: { queryClient: QueryClient; router: ReturnType<typeof createAppRouter> }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <ClearCacheOnSignOut />
          <RouterProvider router={router} />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
