import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/login', component: () => import('../pages/public/LoginPage.vue'), meta: { public: true, title: 'public.login.title' } },
  { path: '/register', component: () => import('../pages/public/RegisterPage.vue'), meta: { public: true, title: 'public.register.title' } },
  { path: '/forgot-password', component: () => import('../pages/public/ForgotPasswordPage.vue'), meta: { public: true, title: 'public.forgot.title' } },
  { path: '/reset-password', component: () => import('../pages/public/ResetPasswordPage.vue'), meta: { public: true, title: 'public.reset.title' } },
] satisfies RouteRecordRaw[]
