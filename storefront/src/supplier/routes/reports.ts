// The analytics group (数据统计): the sales overview and the customers' ordering habits.
import type { PageGroup } from './group'

export default {
  routes: [
    { path: '/analytics', component: () => import('../pages/reports/SalesPage.vue') },
    { path: '/analytics/customers', component: () => import('../pages/reports/CustomerActivityPage.vue') },
  ],
  menu: [
    { path: '/analytics', label: 'reports.menu.sales', operation: 'salesAnalytics' },
    { path: '/analytics/customers', label: 'reports.menu.customers', operation: 'salesAnalytics' },
  ],
} satisfies PageGroup
