// The approvals group: the approvals inbox, payments to confirm, statements and returns. The
// receivables-aging page is left out: the API has aging only per statement (one account at a time).
import type { PageGroup } from './group'

export default {
  routes: [
    { path: '/approvals', component: () => import('../pages/approvals/ApprovalsPage.vue') },
    { path: '/payments', component: () => import('../pages/approvals/PaymentsPage.vue') },
    { path: '/statements', component: () => import('../pages/approvals/StatementsPage.vue') },
    { path: '/returns', component: () => import('../pages/approvals/ReturnsPage.vue') },
  ],
  menu: [
    { path: '/approvals', label: 'approvals.menu.inbox', operation: 'approvals' },
    { path: '/payments', label: 'approvals.menu.payments', operation: 'paymentConfirm' },
    { path: '/statements', label: 'approvals.menu.statements', operation: 'statement' },
    { path: '/returns', label: 'approvals.menu.returns', operation: 'returnApprove' },
  ],
} satisfies PageGroup
