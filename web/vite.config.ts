import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by `npm run build:web` (vite build web) into web/dist; the API serves it under /console/.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  // `vite web` during development: the API runs on :3000 (npm start); proxy its paths.
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
