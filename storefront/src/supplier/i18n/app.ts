import { defineMessages } from '@/shared/i18n'

export default defineMessages({
  'zh-CN': {
    name: '订货 · 供货商后台',
    state: { loading: '加载中…', empty: '暂无内容', error: '加载失败：{message}', retry: '重试', offline: '连接已断开，正在重连…' },
    locale: { label: '语言', 'zh-CN': '简体中文', en: 'English' },
    notFound: '页面不存在，或者您无权查看。',
    backHome: '返回看板',
    signOut: '退出登录',
    login: { title: '供货商登录', login: '账号', loginPlaceholder: '邮箱、手机号或用户名', password: '密码', submit: '登录', required: '请填写{field}', notSupplier: '该账号不属于供货商，请使用订货端。' },
  },
  en: {
    name: 'Dinghuo · Supplier',
    state: { loading: 'Loading…', empty: 'Nothing here yet', error: 'Could not load: {message}', retry: 'Retry', offline: 'Connection lost, reconnecting…' },
    locale: { label: 'Language', 'zh-CN': '简体中文', en: 'English' },
    notFound: 'This page does not exist, or it is not yours to see.',
    backHome: 'Back to the board',
    signOut: 'Sign out',
    login: { title: 'Supplier sign-in', login: 'Account', loginPlaceholder: 'Email, phone or username', password: 'Password', submit: 'Sign in', required: 'Enter your {field}', notSupplier: 'This account does not belong to a supplier: use the ordering app.' },
  },
})
