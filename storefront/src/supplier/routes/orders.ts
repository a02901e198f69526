import type { PageGroup } from './group'

export default {
  routes: [
    { path: '/', component: () => import('../pages/orders/OrderBoardPage.vue') },
    { path: '/orders/:id', component: () => import('../pages/orders/OrderDetailPage.vue') },
    { path: '/orders/:id/shipments/:shipmentId/delivery-note', component: () => import('../pages/orders/DeliveryNotePage.vue'), meta: { bare: true } },
  ],
  menu: [{ path: '/', label: 'orders.menu', operation: 'orders' }],
} satisfies PageGroup
