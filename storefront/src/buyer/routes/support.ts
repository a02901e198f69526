import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/notices', component: () => import('../pages/support/NoticesPage.vue'), meta: { title: 'support.notices.title' } },
  { path: '/notices/:id', component: () => import('../pages/support/NoticePage.vue'), meta: { title: 'support.notice.title' } },
  { path: '/service', component: () => import('../pages/support/ServicePage.vue'), meta: { title: 'support.service.title' } },
  { path: '/service/new', component: () => import('../pages/support/ServiceNewPage.vue'), meta: { title: 'support.serviceNew.title' } },
  { path: '/service/:id', component: () => import('../pages/support/ServiceThreadPage.vue'), meta: { title: 'support.thread.title' } },
  { path: '/sell-through', component: () => import('../pages/sellthrough/SellThroughPage.vue'), meta: { title: 'sellthrough.title' } },
] satisfies RouteRecordRaw[]
