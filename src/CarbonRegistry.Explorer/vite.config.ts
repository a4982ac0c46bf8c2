import { defineConfig } from 'vite';

// GraphiQL and its editor (Monaco, with its workers) are bundled from this folder: no CDN, as for
// the dashboard. The server serves dist/ at /graphiql/.
export default defineConfig({
  base: '/graphiql/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 8192,
    rollupOptions: {
      // GraphiQL's React dependencies mark modules "use client", which means nothing outside a
      // server-rendering framework; the bundler warns about each of them.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
