// The support group: announcements (公告) and the customer service inbox (客户服务).
import type { PageGroup } from './group'

export default {
  routes: [
    { path: '/announcements', component: () => import('../pages/support/AnnouncementsPage.vue') },
    { path: '/service', component: () => import('../pages/support/ServicePage.vue') },
    { path: '/service/:id', component: () => import('../pages/support/ServicePage.vue') },
  ],
  menu: [
    { path: '/announcements', label: 'support.menu.announcements', operation: 'announcements' },
    { path: '/service', label: 'support.menu.service', operation: 'serviceThreads' },
  ],
} satisfies PageGroup
