import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const API = 'http://127.0.0.1:3000';

// Served by the API at /console/ (hashed assets under /console/assets/); in development Vite serves it and
// passes API calls through, so the session cookie stays same-origin.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': API, '/openapi.json': API },
  },
});
