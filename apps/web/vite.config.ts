import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API (apps/api) answers these paths; in development Vite forwards them to it. */
const API_TARGET = 'http://localhost:3000';
const PROXIED_PATHS = ['/api', '/docs', '/health'];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(PROXIED_PATHS.map((path) => [path, { target: API_TARGET, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Each page is a React.lazy import, so antd components land in the chunk of the page that uses
    // them. Only the framework that every screen needs is pinned into one long-cached chunk.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'react-vendor', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 10 }],
        },
      },
    },
    chunkSizeWarningLimit: 700,
  },
});
