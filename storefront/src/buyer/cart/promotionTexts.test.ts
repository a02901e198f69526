import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import cart from '../i18n/cart'
import type { Translate } from './cartWarnings'
import { hintText, promotionExplanationText } from './promotionTexts'

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': { cart: cart['zh-CN'] }, en: { cart: cart.en } } })
const zh: Translate = (key, params) => i18n.global.t(key, params ?? {})

describe('hintText', () => {
  it.each([
    ['Add ¥120.00 more to get ¥100.00 off', '再买¥120.00 可减¥100.00'],
    ['Add ¥1,706.78 more to get 1 × 赠品 Gift: 定制水杯 branded cup 350ml 单个 (SKU HX-GF-001-1) free', '再买¥1,706.78 可获赠 1 × 赠品 Gift: 定制水杯 branded cup 350ml 单个 (SKU HX-GF-001-1)'],
    ['Add 8 more of 天然矿泉水 550ml 24瓶/箱 (SKU HX-DR-014-24) to get 1 free', '天然矿泉水 550ml 24瓶/箱 (SKU HX-DR-014-24) 再买 8 件可送 1 件'],
    ['Add 3 more of 可乐 (SKU A) to get 1 × 杯子 free', '可乐 (SKU A) 再买 3 件可获赠 1 × 杯子'],
  ])('rewords %j in Chinese', (message, chinese) => {
    expect(hintText(message, zh, 'zh-CN')).toBe(chinese)
  })
  it('keeps the server English in English, and an unknown shape as it is', () => {
    expect(hintText('Add ¥120.00 more to get ¥100.00 off', zh, 'en')).toBe('Add ¥120.00 more to get ¥100.00 off')
    expect(hintText('Something new', zh, 'zh-CN')).toBe('Something new')
  })
})

describe('promotionExplanationText', () => {
  it.each([
    ['Spend ¥1,000.00, get ¥100.00 off: ¥100.00 off ¥1,266.48', '满¥1,000.00减¥100.00：¥1,266.48 减 ¥100.00'],
    ['Every ¥1,000.00 spent, get ¥100.00 off (×2): ¥200.00 off ¥2,100.00', '每满¥1,000.00减¥100.00（×2）：¥2,100.00 减 ¥200.00'],
    ['10% off: ¥86.40 off ¥864.00', '10% 折扣：¥864.00 减 ¥86.40'],
    ['10% off from 5 units: ¥86.40 off ¥864.00', '10% 折扣：¥864.00 减 ¥86.40'],
    ['Special price ¥9.90 per unit: ¥10.00 off ¥30.00', '特价 ¥9.90/件：¥30.00 减 ¥10.00'],
    ['Buy 10, get 1 free: 1 × 天然矿泉水 (SKU HX-DR-014-24)', '买10送1：1 × 天然矿泉水 (SKU HX-DR-014-24)'],
    ['Spend ¥2,000.00, get 1 × 水杯 free: 1 × 水杯 on ¥2,300.00', '满¥2,000.00赠 1 × 水杯：1 × 水杯'],
  ])('rewords %j in Chinese', (explanation, chinese) => {
    expect(promotionExplanationText(explanation, zh, 'zh-CN')).toBe(chinese)
  })
  it('keeps English as the server wrote it', () => {
    expect(promotionExplanationText('10% off: ¥86.40 off ¥864.00', zh, 'en')).toBe('10% off: ¥86.40 off ¥864.00')
  })
})
