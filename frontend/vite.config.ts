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
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      // Two entries: the officer SPA and the chair's phone PWA (which never imports the officer app).
      input: { main: 'index.html', chair: 'chair.html' },
      output: {
        // Long-lived vendor chunk: React changes less often than the apps, so caches stay warm. Other shared code
        // is split automatically between the two entries, so the chair's phone loads only the Mantine components
        // and libraries it uses (a manual group would put the officer app's components into its first load).
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 }],
        },
      },
    },
  },
});
