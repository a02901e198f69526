import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/orders', component: () => import('../pages/orders/OrderListPage.vue'), meta: { tab: 'me', title: 'orders.list.title' } },
  { path: '/orders/:id', component: () => import('../pages/orders/OrderDetailPage.vue'), meta: { title: 'orders.detail.title' } },
] satisfies RouteRecordRaw[]
