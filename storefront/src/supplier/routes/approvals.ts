// The approvals group: the approvals inbox, payments to confirm, statements, receivables aging
// and returns.
import type { PageGroup } from './group'

export default {
  routes: [
    { path: '/approvals', component: () => import('../pages/approvals/ApprovalsPage.vue') },
    { path: '/payments', component: () => import('../pages/approvals/PaymentsPage.vue') },
    { path: '/statements', component: () => import('../pages/approvals/StatementsPage.vue') },
    { path: '/receivables', component: () => import('../pages/approvals/ReceivablesPage.vue') },
    { path: '/returns', component: () => import('../pages/approvals/ReturnsPage.vue') },
  ],
  menu: [
    { path: '/approvals', label: 'approvals.menu.inbox', operation: 'approvals' },
    { path: '/payments', label: 'approvals.menu.payments', operation: 'paymentConfirm' },
    { path: '/statements', label: 'approvals.menu.statements', operation: 'statement' },
    { path: '/receivables', label: 'approvals.menu.receivables', operation: 'receivablesAging' },
    { path: '/returns', label: 'approvals.menu.returns', operation: 'returnApprove' },
  ],
} satisfies PageGroup
