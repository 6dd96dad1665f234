// Builds the web UI (src/web) into dist/web, which the Fastify server serves at /.
// In development `npx vite` serves the UI and forwards /api to the server on port 3000
// (HUIMIN_API_URL points it elsewhere, e.g. http://localhost:3100).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // ECharts' core (≈ 0.5 MB minified, bar chart only) is the largest chunk and is loaded lazily.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // React and i18next change less often than our code, so they get long-cached chunks of their own.
        // ECharts is only imported by the overview page, which is loaded lazily. antd is left to the
        // automatic splitting on purpose: a citizen's phone then fetches the components of the
        // sign-in and profile pages (≈ 270 kB gzip in all), not the tables and forms of the staff pages.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/, priority: 20 },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: process.env.HUIMIN_API_URL ?? 'http://localhost:3000', changeOrigin: false },
    },
  },
});
