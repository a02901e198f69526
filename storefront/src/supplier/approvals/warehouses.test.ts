import { describe, expect, it } from 'vitest'
import { returnWarehouses } from './warehouses'

const SH = { id: 'w1', code: 'SH', name: '上海仓' }
const GZ = { id: 'w2', code: 'GZ', name: '广州仓' }

describe('returnWarehouses', () => {
  it('offers the shipping warehouse first, then the others, each once', () => {
    expect(returnWarehouses([GZ, GZ], [SH, GZ, SH])).toEqual([GZ, SH])
    expect(returnWarehouses([], [SH, GZ])).toEqual([SH, GZ])
    expect(returnWarehouses([], [])).toEqual([])
  })
})
