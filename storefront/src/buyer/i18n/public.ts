import { defineMessages } from '@/shared/i18n'

export default defineMessages({
  'zh-CN': {
    login: {
      title: '登录',
      welcome: '欢迎使用订货',
      login: '账号',
      loginPlaceholder: '邮箱、手机号或用户名',
      password: '密码',
      submit: '登录',
      required: '请填写{field}',
    },
  },
  en: {
    login: {
      title: 'Sign in',
      welcome: 'Welcome to Dinghuo',
      login: 'Account',
      loginPlaceholder: 'Email, phone or username',
      password: 'Password',
      submit: 'Sign in',
      required: 'Enter your {field}',
    },
  },
})
