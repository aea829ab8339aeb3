import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Where the FastAPI backend listens during development (`make run`). */
const BACKEND = process.env.CADRE_BACKEND_URL ?? 'http://127.0.0.1:8000';

/** Paths the SPA never owns: the API, the OAuth server, discovery and health. */
const SERVER_PATHS = ['/api', '/.well-known', '/oauth', '/healthz', '/readyz'];

/**
 * Two production builds into one `dist/` (see docs/decisions/046-preact-for-the-chair-build.md):
 * - `vite build`: the officer SPA (index.html) on React;
 * - `CADRE_BUILD=chair vite build`: the chair's phone PWA (chair.html) on Preact through preact/compat — the same
 *   source, a 4 KB runtime instead of React DOM's 60 KB, to fit the phone's 120 KB first-load budget. It runs
 *   second, so its service worker's precache lists both apps' files.
 * The dev server and Vitest run both apps on React.
 */
const CHAIR_BUILD = process.env.CADRE_BUILD === 'chair';

const PREACT_ALIASES = {
  'react-dom/client': 'preact/compat/client',
  'react-dom/test-utils': 'preact/test-utils',
  'react-dom': 'preact/compat',
  'react/jsx-runtime': 'preact/jsx-runtime',
  'react/jsx-dev-runtime': 'preact/jsx-dev-runtime',
  react: '/src/chair/runtime/react.js',
};

export default defineConfig({
  resolve: CHAIR_BUILD
    ? { alias: Object.entries(PREACT_ALIASES).map(([find, replacement]) => ({ find: new RegExp(`^${find}$`), replacement })) }
    : undefined,
  plugins: [
    react(),
    // Both builds: the officer app imports its register module; the chair build's run (second) writes the final
    // service worker, whose precache globs all of dist/.
    VitePWA({
      // Our own service worker (src/sw.ts): chair.html for /chair navigations, index.html for the officer app,
      // and a Vietnamese offline page for the sign-in page when there is no network.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png', 'offline.html'],
      manifest: {
        // The installable app is the grassroots chair's phone client (issue 12).
        id: '/chair',
        name: 'CĐCS của tôi — Quản lý cán bộ công đoàn',
        short_name: 'CĐCS',
        description: 'Ứng dụng của Chủ tịch công đoàn cơ sở: số đoàn viên, Ban Chấp hành, báo cáo, hạn nộp — dùng được khi không có mạng',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/chair',
        scope: '/chair',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#1c5fb8',
        categories: ['productivity', 'business'],
        icons: [
          { src: '/pwa-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/pwa-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/pwa-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // Precache the application shells only; API data is never cached by the service worker.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
      },
    }),
  ],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(SERVER_PATHS.map((p) => [p, { target: BACKEND, changeOrigin: false }])),
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: Object.fromEntries(SERVER_PATHS.map((p) => [p, { target: BACKEND, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: !CHAIR_BUILD, // the chair build adds to the officer build's output
    sourcemap: process.env.VITE_SOURCEMAP === '1',
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      // One entry per build; the chair's phone PWA never imports the officer app.
      input: CHAIR_BUILD ? { chair: 'chair.html' } : { main: 'index.html' },
      output: {
        // Long-lived vendor chunk: the UI runtime changes less often than the app, so caches stay warm.
        codeSplitting: {
          groups: [
            CHAIR_BUILD
              ? { name: 'preact', test: /node_modules[\\/]preact[\\/]/, priority: 30 }
              : { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
          ],
        },
      },
    },
  },
});
