import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/', component: () => import('../pages/catalog/HomePage.vue'), meta: { tab: 'home', title: 'catalog.home.title' } },
  { path: '/catalog', component: () => import('../pages/catalog/CatalogPage.vue'), meta: { tab: 'catalog', title: 'catalog.list.title' } },
  { path: '/products/:id', component: () => import('../pages/catalog/ProductPage.vue'), meta: { title: 'catalog.product.title' } },
  { path: '/favorites', component: () => import('../pages/catalog/FavoritesPage.vue'), meta: { title: 'catalog.favorites.title' } },
  { path: '/suppliers', component: () => import('../pages/catalog/SupplierPickerPage.vue'), meta: { anySupplier: true, title: 'catalog.suppliers.title' } },
] satisfies RouteRecordRaw[]
