import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/', component: () => import('../pages/catalog/HomePage.vue'), meta: { tab: 'home', title: 'catalog.home.title' } },
  { path: '/suppliers', component: () => import('../pages/catalog/SupplierPickerPage.vue'), meta: { anySupplier: true, title: 'catalog.suppliers.title' } },
] satisfies RouteRecordRaw[]
