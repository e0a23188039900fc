import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { checklists } from './scripts/build/checklists-plugin.ts';

export default defineConfig({
  plugins: [
    solid(),
    checklists(process.env.XJ_CHECKLISTS ?? 'checklists'),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // src/ui/sw-bridge.ts registers through workbox-window and owns the update prompt.
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        id: '/',
        name: '巡检 · 网络安全检查',
        short_name: '巡检',
        description: '离线巡检：逐个房间完成网络与信息安全检查，生成检查记录。',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0b5394',
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        screenshots: [
          {
            src: '/screenshots/room-view.png',
            sizes: '720x1480',
            type: 'image/png',
            form_factor: 'narrow',
            label: '逐个房间检查：一键判定，问题与整改同步记录',
          },
        ],
      },
      injectManifest: {
        // Every chunk (the routes, the photo and PDF workers), icons and the shipped
        // templates are precached: the whole app works offline from the second visit.
        // The PDF fonts (.ttf, 15 MB) are not: src/sw caches them at run time.
        globPatterns: ['**/*.{js,css,html,svg,png,json,webmanifest,txt}'],
        globIgnores: ['screenshots/**'],
        // The worker is bundled on its own: none of the app's plugins (templates) apply.
        buildPlugins: { rollup: [], vite: [] },
      },
    }),
  ],
  resolve: {
    alias: Object.fromEntries(
      ['html2canvas', 'canvg', 'dompurify'].map((name) => [
        name,
        fileURLToPath(new URL('./src/report/draw/jspdf-unused.ts', import.meta.url)),
      ]),
    ),
  },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  // `npm run dev` serves the app; the sync API is the real server (`npm run serve`, port 8080).
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8080' } },
});
