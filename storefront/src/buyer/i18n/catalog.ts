import { defineMessages } from '@/shared/i18n'

export default defineMessages({
  'zh-CN': {
    home: { title: '首页', hello: '您好，{name}', orderingFrom: '当前供货商：{supplier}', switchSupplier: '切换' },
    suppliers: { title: '选择供货商', hint: '您在多家供货商处开户，请选择本次订货的供货商。', none: '您还没有已审核的供货商账户。' },
  },
  en: {
    home: { title: 'Home', hello: 'Hello, {name}', orderingFrom: 'Ordering from {supplier}', switchSupplier: 'Switch' },
    suppliers: { title: 'Choose a supplier', hint: 'You buy from several suppliers: choose the one to order from.', none: 'You have no approved account with a supplier yet.' },
  },
})
