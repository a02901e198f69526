// The buyer app's routes: each page group owns its list in routes/. Pages load lazily, so the
// catalog's JavaScript stays within its budget (scripts/check-budget.mjs).
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { session } from './api'
import accountRoutes from './routes/account'
import cartRoutes from './routes/cart'
import catalogRoutes from './routes/catalog'
import moneyRoutes from './routes/money'
import orderRoutes from './routes/orders'
import publicRoutes from './routes/public'
import supportRoutes from './routes/support'
import { currentSupplier, settleSupplier } from './supplier'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in (login, registration, password reset). */
    public?: boolean
    /** Works before a supplier is chosen (the picker, the account pages). */
    anySupplier?: boolean
    /** The i18n key of the page title shown in the nav bar. */
    title?: string
    /** The bottom tab this page belongs to. */
    tab?: 'home' | 'catalog' | 'quick' | 'cart' | 'me'
  }
}

const routes: RouteRecordRaw[] = [
  ...publicRoutes,
  ...catalogRoutes,
  ...cartRoutes,
  ...orderRoutes,
  ...moneyRoutes,
  ...accountRoutes,
  ...supportRoutes,
  { path: '/:unknown(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { anySupplier: true, title: 'app.notFound' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.signedIn.value) return { path: '/login', query: { redirect: to.fullPath } }
  if (to.meta.anySupplier || currentSupplier.value) return true
  const settled = await settleSupplier()
  return settled === 'ready' ? true : { path: '/suppliers', query: { redirect: to.fullPath } }
})
