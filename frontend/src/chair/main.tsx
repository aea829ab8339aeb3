/**
 * Entry of the grassroots chair's installable PWA at /chair (its own Vite entry, chair.html). It shares the API
 * client and the session with the officer app but never imports the officer app's screens.
 */
import './i18n';

import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

import { configureApiClient } from '../api/client';
import { accessTokenForRequest, configureSession, handleUnauthorized, initSession } from '../auth/session';
import { ChairApp } from './ChairApp';
import { currentLanguage } from './i18n';
import { prefetchPersistedCache } from './persist';

performance.mark('chair:script'); // the start-up figures of tests/perf/chair-perf.spec.ts

export const CHAIR_SCOPE = 'units:read units:facts cadres:read cadres:write reports:read';

configureSession({
  callbackPath: '/chair/auth/callback',
  homePath: '/chair',
  fallbackPath: '/chair',
  storePrefix: 'chair.',
  scope: CHAIR_SCOPE,
});
configureApiClient({ getAccessToken: accessTokenForRequest, getLanguage: currentLanguage, onUnauthorized: handleUnauthorized });
initSession(); // before the first render: reading the stored session and data overlaps React's start-up
prefetchPersistedCache();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* English is fetched on demand: a phone that chose it waits here (a blank frame) until its texts arrive. */}
    <Suspense fallback={null}>
      <ChairApp />
    </Suspense>
  </StrictMode>,
);

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void import('virtual:pwa-register').then(({ registerSW }) => registerSW({ immediate: true }));
}
