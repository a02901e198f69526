// The dashboard's routes under /supplier/: each page group owns its list in routes/.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { session } from './api'
import { GROUPS } from './routes'
import { loadViewer, viewer } from './viewer'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in. */
    public?: boolean
    /** A page without the menu and header (the printable delivery note). */
    bare?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, bare: true } },
  ...GROUPS.flatMap((group) => group.routes),
  { path: '/:unknown(.*)*', component: () => import('./pages/NotFoundPage.vue') },
]

export const router = createRouter({ history: createWebHistory('/supplier/'), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.signedIn.value) return { path: '/login', query: { redirect: to.fullPath } }
  if (!viewer.value && !(await loadViewer())) {
    session.clear()
    return { path: '/login', query: { redirect: to.fullPath } }
  }
  return true
})
