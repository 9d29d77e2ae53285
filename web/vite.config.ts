import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

/** Where `npm run dev -w web` sends the API's routes: a platform started with `npm start` (PORT 3000 by default). */
const api = process.env.API_URL ?? 'http://localhost:3000';
const API_ROUTES = ['/graphql', '/health', '/certificates', '/verify', '/calendar', '/reports', '/account', '/admin'];

export default defineConfig({
  plugins: [
    react(),
    // Precompressed copies beside each file; the platform serves .br or .gz by Accept-Encoding (express-static-gzip).
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One chunk for React and the router, cached across releases that do not update them.
    rollupOptions: {
      output: {
        manualChunks: (id: string) =>
          /node_modules\/(react|react-dom|react-router|scheduler|cookie|set-cookie-parser)\//.test(id)
            ? 'react'
            : undefined,
      },
    },
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(API_ROUTES.map((route) => [route, { target: api, changeOrigin: false }])),
  },
});
