import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/login', component: () => import('../pages/public/LoginPage.vue'), meta: { public: true, title: 'public.login.title' } },
] satisfies RouteRecordRaw[]
