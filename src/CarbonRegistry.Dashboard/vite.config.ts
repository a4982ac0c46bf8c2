import { defineConfig } from 'vite';

// Everything the page needs is bundled from this folder: no CDN, no remote fonts (government
// networks are often closed). The server serves dist/ at /.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1024,
  },
});
