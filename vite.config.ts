import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** The web UI lives in web/ and is built into web/dist, which the API server serves with an SPA fallback. */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // echarts (dashboard chunk only) is ~550 kB even tree-shaken; warn above that.
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
    },
  },
})
