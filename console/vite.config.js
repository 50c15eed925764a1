import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The API serves the built console under /console/ (same origin as /api, so the session cookie and
// SameSite=Strict work). In development Vite serves it and forwards /api to the API started by scripts/dev.sh.
const apiTarget = process.env.MASHANGYI_API || 'http://localhost:5080';

export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // TDesign and ECharts are large by nature; the console is a desk tool on a wired network.
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.js'],
    include: ['src/**/*.test.js'],
    restoreMocks: true,
    mockReset: true,
  },
});
