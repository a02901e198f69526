import { VantResolver } from '@vant/auto-import-resolver'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'
import Components from 'unplugin-vue-components/vite'
import { defineConfig, type Plugin } from 'vite'

// `make dev` runs this dev server on :5173 against the API that `make serve` runs on :8000.
const api = process.env.DINGHUO_API ?? 'http://127.0.0.1:8000'

/** In the dev server, the dashboard's own routes answer its index.html, as the API server does. */
function dashboardRoutes(): Plugin {
  return {
    name: 'dinghuo-dashboard-routes',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        if (request.url && /^\/supplier(\/[^.?]*)?(\?.*)?$/.test(request.url)) request.url = '/supplier/index.html'
        next()
      })
    },
  }
}

export default defineConfig({
  plugins: [vue(), Components({ resolvers: [VantResolver(), ElementPlusResolver()], dts: false }), dashboardRoutes()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/healthz': { target: api },
      '/exports': { target: api },
    },
  },
  build: {
    manifest: true,
    rollupOptions: {
      input: {
        buyer: fileURLToPath(new URL('./index.html', import.meta.url)),
        supplier: fileURLToPath(new URL('./supplier/index.html', import.meta.url)),
      },
    },
  },
})
