import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/quick-order', component: () => import('../pages/cart/QuickOrderPage.vue'), meta: { tab: 'quick', title: 'cart.quick.title' } },
  { path: '/cart', component: () => import('../pages/cart/CartPage.vue'), meta: { tab: 'cart', title: 'cart.cart.title' } },
  { path: '/checkout', component: () => import('../pages/cart/CheckoutPage.vue'), meta: { title: 'cart.checkout.title' } },
] satisfies RouteRecordRaw[]
