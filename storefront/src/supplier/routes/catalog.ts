import type { PageGroup } from './group'

export default {
  routes: [
    { path: '/products', component: () => import('../pages/catalog/ProductsPage.vue') },
    { path: '/stock', component: () => import('../pages/catalog/StockPage.vue') },
    { path: '/price-lists', component: () => import('../pages/catalog/PriceListsPage.vue') },
    { path: '/promotions', component: () => import('../pages/catalog/PromotionsPage.vue') },
  ],
  menu: [
    { path: '/products', label: 'catalog.menu.products', operation: 'products' },
    // Stock is the warehouse's page: shown to whoever may adjust it.
    { path: '/stock', label: 'catalog.menu.stock', operation: 'stockAdjust' },
    { path: '/price-lists', label: 'catalog.menu.priceLists', operation: 'priceLists' },
    { path: '/promotions', label: 'catalog.menu.promotions', operation: 'promotions' },
  ],
} satisfies PageGroup
