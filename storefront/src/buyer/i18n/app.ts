import { defineMessages } from '@/shared/i18n'

export default defineMessages({
  'zh-CN': {
    name: '订货',
    tabs: { home: '首页', catalog: '商品', quick: '快速下单', cart: '购物车', me: '我的' },
    state: { loading: '加载中…', empty: '暂无内容', error: '加载失败：{message}', retry: '重试', offline: '连接已断开，正在重连…' },
    locale: { label: '语言', 'zh-CN': '简体中文', en: 'English' },
    notFound: '页面不存在',
    notFoundText: '找不到这个页面，或者您无权查看。',
    backHome: '返回首页',
    back: '返回',
    save: '保存',
    cancel: '取消',
    confirm: '确认',
    signOut: '退出登录',
  },
  en: {
    name: 'Dinghuo',
    tabs: { home: 'Home', catalog: 'Catalog', quick: 'Quick order', cart: 'Cart', me: 'Me' },
    state: { loading: 'Loading…', empty: 'Nothing here yet', error: 'Could not load: {message}', retry: 'Retry', offline: 'Connection lost, reconnecting…' },
    locale: { label: 'Language', 'zh-CN': '简体中文', en: 'English' },
    notFound: 'Not found',
    notFoundText: 'This page does not exist, or it is not yours to see.',
    backHome: 'Back to home',
    back: 'Back',
    save: 'Save',
    cancel: 'Cancel',
    confirm: 'Confirm',
    signOut: 'Sign out',
  },
})
