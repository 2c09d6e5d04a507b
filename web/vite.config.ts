/**
 * Vite build of the portal (web/dist): served by the local gateway (`npm start`) and by CloudFront
 * from S3 on AWS. React's JSX goes through Vite's built-in transform (no plugin), so the build needs
 * nothing beyond `vite`, `react` and `react-dom`, all from the npm registry, and runs offline.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: { proxy: { '/v1': process.env.PORTAL_API ?? 'http://127.0.0.1:3000' } },
});
