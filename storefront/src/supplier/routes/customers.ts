// The customers page group: customer accounts, approval flows, the supplier's own staff, apps and settings.
import type { PageGroup } from './group'

export default {
  routes: [
    { path: '/customers', component: () => import('../pages/customers/CustomersPage.vue') },
    { path: '/customers/:id', component: () => import('../pages/customers/CustomerPage.vue'), props: true },
    { path: '/approval-flows', component: () => import('../pages/customers/ApprovalFlowsPage.vue') },
    { path: '/staff', component: () => import('../pages/customers/StaffPage.vue') },
    { path: '/apps', component: () => import('../pages/customers/AppsPage.vue') },
    { path: '/settings', component: () => import('../pages/customers/SettingsPage.vue') },
  ],
  menu: [
    { path: '/customers', label: 'customers.menu.customers', operation: 'customerAccounts' },
    { path: '/approval-flows', label: 'customers.menu.approvalFlows', operation: 'approvalFlows' },
    { path: '/staff', label: 'customers.menu.staff', operation: 'users' },
    { path: '/apps', label: 'customers.menu.apps', operation: 'apps' },
    { path: '/settings', label: 'customers.menu.settings', operation: 'supplierSettingsUpdate' },
  ],
} satisfies PageGroup
