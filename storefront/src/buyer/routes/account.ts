import type { RouteRecordRaw } from 'vue-router'

export default [
  { path: '/me', component: () => import('../pages/account/MePage.vue'), meta: { tab: 'me', anySupplier: true, title: 'account.me.title' } },
  { path: '/me/addresses', component: () => import('../pages/account/AddressesPage.vue'), meta: { anySupplier: true, title: 'account.addresses.title' } },
  { path: '/me/users', component: () => import('../pages/account/UsersPage.vue'), meta: { anySupplier: true, title: 'account.users.title' } },
  { path: '/me/password', component: () => import('../pages/account/PasswordPage.vue'), meta: { anySupplier: true, title: 'account.password.title' } },
] satisfies RouteRecordRaw[]
