import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

import { configureApiClient } from './api/client';
import { App } from './App';
import { accessTokenForRequest, handleUnauthorized } from './auth/session';
import { currentLanguage } from './i18n';
import { registerServiceWorker } from './pwa/register';
import { createQueryClient } from './queryClient';
import { createAppRouter } from './routes/router';

configureApiClient({
  getAccessToken: accessTokenForRequest,
  getLanguage: currentLanguage,
  onUnauthorized: handleUnauthorized,
});

const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* texts not bundled with the shell (English, other screens) may still be on their way: see i18n/index.ts */}
    <Suspense fallback={null}>
      <App queryClient={queryClient} router={router} />
    </Suspense>
  </StrictMode>,
);

void registerServiceWorker();
