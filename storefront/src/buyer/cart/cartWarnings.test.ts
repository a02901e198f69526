import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import cart from '../i18n/cart'
import { cartWarningText, lineWarningText, type LineRules, type Translate } from './cartWarnings'

function translator(locale: 'zh-CN' | 'en'): Translate {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': { cart: cart['zh-CN'] }, en: { cart: cart.en } } })
  return (key, params) => i18n.global.t(key, params ?? {})
}
const zh = translator('zh-CN')
const en = translator('en')

const rules: LineRules = { unit: '箱', minOrderQuantity: 6, orderMultiple: 6, maxPerOrder: 30, available: 4, quotaRemaining: 12 }
const warning = (code: string) => ({ code, message: `server: ${code}` })

describe('lineWarningText', () => {
  it.each([
    ['BELOW_MINIMUM', '低于起订量，至少订 6箱', 'Below the minimum: order at least 6 箱'],
    ['NOT_A_MULTIPLE', '须按 6箱 的整数倍订购', 'Order in multiples of 6 箱'],
    ['ABOVE_MAXIMUM', '超过每单上限 30箱', 'Above the maximum of 30 箱 per order'],
    ['INSUFFICIENT_STOCK', '库存不足，目前仅有 4箱', 'Not enough stock: only 4 箱 available'],
    ['OVER_QUOTA', '超出本周期配额，还可订 12箱', 'Over your quota this cycle: 12 箱 more allowed'],
    ['UNAVAILABLE', '该商品已下架，不能订购', 'No longer available'],
  ])('words %s with the rule it broke, in both languages', (code, chinese, english) => {
    expect(lineWarningText(warning(code), rules, zh, 'zh-CN')).toBe(chinese)
    expect(lineWarningText(warning(code), rules, en, 'en')).toBe(english)
  })

  it('says out of stock when nothing is left', () => {
    expect(lineWarningText(warning('INSUFFICIENT_STOCK'), { ...rules, available: 0 }, zh, 'zh-CN')).toBe('暂时缺货')
    expect(lineWarningText(warning('INSUFFICIENT_STOCK'), { ...rules, available: -3 }, en, 'en')).toBe('Out of stock')
  })

  it('never shows a negative quota', () => {
    expect(lineWarningText(warning('OVER_QUOTA'), { ...rules, quotaRemaining: -2 }, en, 'en')).toBe('Over your quota this cycle: 0 箱 more allowed')
  })

  it('falls back to the code text (zh) or the server message (en) when the rule is missing', () => {
    expect(lineWarningText(warning('ABOVE_MAXIMUM'), { ...rules, maxPerOrder: null }, zh, 'zh-CN')).toBe('超过最大订购量')
    expect(lineWarningText(warning('ABOVE_MAXIMUM'), { ...rules, maxPerOrder: null }, en, 'en')).toBe('server: ABOVE_MAXIMUM')
    expect(lineWarningText(warning('OVER_QUOTA'), { ...rules, quotaRemaining: null }, zh, 'zh-CN')).toBe('超出本周期配额')
  })

  it('shows an unknown code as the server words it', () => {
    expect(lineWarningText(warning('SOMETHING_NEW'), rules, zh, 'zh-CN')).toBe('server: SOMETHING_NEW')
    expect(lineWarningText(warning('SOMETHING_NEW'), rules, en, 'en')).toBe('server: SOMETHING_NEW')
  })
})

describe('cartWarningText', () => {
  it('words the whole-cart problems in both languages', () => {
    expect(cartWarningText(warning('ORDERING_CLOSED'), zh, 'zh-CN')).toBe('当前不在订货时间内，暂时不能下单')
    expect(cartWarningText(warning('ORDERING_CLOSED'), en, 'en')).toBe('Ordering is closed right now')
    expect(cartWarningText(warning('ACCOUNT_NOT_APPROVED'), zh, 'zh-CN')).toBe('您的客户账户尚未审核通过')
  })
  it('falls back to the code text, then the message', () => {
    expect(cartWarningText(warning('CREDIT_LIMIT_EXCEEDED'), zh, 'zh-CN')).toBe('超出信用额度')
    expect(cartWarningText(warning('CREDIT_LIMIT_EXCEEDED'), en, 'en')).toBe('server: CREDIT_LIMIT_EXCEEDED')
  })
})
