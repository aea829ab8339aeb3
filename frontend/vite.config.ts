import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Where the FastAPI backend listens during development (`make run`). */
const BACKEND = process.env.CADRE_BACKEND_URL ?? 'http://127.0.0.1:8000';

/** Paths the SPA never owns: the API, the OAuth server, discovery and health. */
const SERVER_PATHS = ['/api', '/.well-known', '/oauth', '/healthz', '/readyz'];

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Quản lý cán bộ công đoàn',
        short_name: 'Cán bộ CĐ',
        description: 'Hệ thống quản lý cán bộ công đoàn — Union Cadre Registry',
        lang: 'vi',
        start_url: '/chair',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1c5fb8',
        icons: [
          { src: 'pwa-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'pwa-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Precache the application shell only; API data is never cached by the service worker.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: 'index.html',
        // Navigations to the server (login page, API docs, discovery) must reach the network.
        navigateFallbackDenylist: SERVER_PATHS.map((p) => new RegExp(`^${p.replace('.', '\\.')}`)),
        cleanupOutdatedCaches: true,
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
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks: they change less often than the app, so caches stay warm.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'mantine', test: /node_modules[\\/](@mantine[\\/](core|hooks)|@floating-ui|react-remove-scroll|react-style-singleton|use-callback-ref|use-sidecar|react-number-format|react-textarea-autosize|clsx|tslib|get-nonce|detect-node-es)[\\/]/, priority: 20 },
            { name: 'tanstack', test: /node_modules[\\/]@tanstack[\\/]/, priority: 20 },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]|[\\/]src[\\/]i18n[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
