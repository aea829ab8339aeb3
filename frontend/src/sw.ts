/// <reference lib="webworker" />
/**
 * The service worker of both apps (vite-plugin-pwa, injectManifest). It precaches the application shells and
 * answers navigations from the cache, so the chair's phone opens offline:
 *   /chair, /chair/*      → chair.html (the chair PWA)
 *   other app routes      → index.html (the officer app)
 *   /oauth/* (sign-in)    → the network; offline, the Vietnamese offline page instead of the browser's error
 * API responses are never cached here: the chair app keeps its own data in IndexedDB.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

const SERVER_PATHS = [/^\/api\//, /^\/\.well-known\//, /^\/oauth\//, /^\/healthz/, /^\/readyz/, /^\/metrics/];

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

registerRoute(new NavigationRoute(createHandlerBoundToURL('chair.html'), { allowlist: [/^\/chair(\/|$)/] }));
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/chair(\/|$)/, ...SERVER_PATHS] }));

// The sign-in page lives on the server: offline, show our own page rather than the browser's error.
const network = new NetworkOnly();
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && url.pathname.startsWith('/oauth/'),
  async (options) => {
    try {
      return await network.handle(options);
    } catch {
      return (await matchPrecache('offline.html')) ?? Response.error();
    }
  },
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
