import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/payments', component: () => import('../pages/money/PaymentsPage.vue'), meta: { title: 'money.payments.title' } },
  { path: '/payments/new', component: () => import('../pages/money/PaymentNewPage.vue'), meta: { title: 'money.paymentNew.title' } },
  { path: '/statements', component: () => import('../pages/money/StatementPage.vue'), meta: { title: 'money.statement.title' } },
  // The inbox works before a supplier is chosen: notifications come from every supplier.
  { path: '/notifications', component: () => import('../pages/money/NotificationsPage.vue'), meta: { anySupplier: true, title: 'money.notifications.title' } },
] satisfies RouteRecordRaw[]
