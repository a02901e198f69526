// The sell-through group: the dealers' monthly reports (信息上报) analysed.
import type { PageGroup } from './group'

export default {
  routes: [{ path: '/sell-through', component: () => import('../pages/sellthrough/SellThroughPage.vue') }],
  menu: [{ path: '/sell-through', label: 'sellthrough.menu', operation: 'sellThroughAnalysis' }],
} satisfies PageGroup
