import { describe, expect, it } from 'vitest'
import { addressDraft, addressInput, EMPTY_ADDRESS, nestedFormErrors, repeatMatches, sortedBuyerRoles, useRepeatedPassword } from './forms'

describe('repeatMatches', () => {
  it('accepts the same password and refuses another', () => {
    expect(repeatMatches('secret123', 'secret123')).toBe(true)
    expect(repeatMatches('secret123', 'secret124')).toBe(false)
  })
})

describe('nestedFormErrors', () => {
  const shown = ['companyName', 'email', 'password', 'roles']
  it('shows a nested input error at its field', () => {
    const errors = nestedFormErrors(
      [{ field: ['input', 'user', 'email'], code: 'ALREADY_EXISTS', message: 'That email is already registered.' }],
      shown,
      ['user'],
      'en',
    )
    expect(errors.byField).toEqual({ email: 'That email is already registered.' })
    expect(errors.general).toEqual([])
  })
  it('keeps top-level fields as they are and Chinese in zh-CN', () => {
    const errors = nestedFormErrors([{ field: ['input', 'companyName'], code: 'REQUIRED', message: 'companyName is required.' }], shown, ['user'], 'zh-CN')
    expect(errors.byField).toEqual({ companyName: '此项必填' })
  })
  it('shows a list item error at the list', () => {
    const errors = nestedFormErrors([{ field: ['input', 'roles', '1', 'role'], code: 'ROLE_NOT_ALLOWED', message: 'SALES is not a role' }], shown, [], 'en')
    expect(errors.byField).toEqual({ roles: 'SALES is not a role' })
  })
  it('puts an error no field shows above the form', () => {
    const errors = nestedFormErrors([{ field: ['input', 'userId'], code: 'LAST_ADMIN', message: 'last admin' }], shown, [], 'en')
    expect(errors.general).toEqual(['last admin'])
  })
})

describe('addresses', () => {
  it('sends optional fields left empty as null, trimmed', () => {
    expect(addressInput({ ...EMPTY_ADDRESS, recipient: ' 张三 ', phone: '13800000000', region: '上海', street: '路1号' })).toEqual({
      recipient: '张三',
      phone: '13800000000',
      region: '上海',
      street: '路1号',
      postalCode: null,
      label: null,
      isDefault: false,
    })
  })
  it('edits an address with its nulls as empty inputs', () => {
    expect(addressDraft({ recipient: 'a', phone: 'b', region: 'c', street: 'd', postalCode: null, label: null, isDefault: true })).toEqual({
      recipient: 'a',
      phone: 'b',
      region: 'c',
      street: 'd',
      postalCode: '',
      label: '',
      isDefault: true,
    })
  })
})

describe('sortedBuyerRoles', () => {
  it('keeps the buyer roles in their order', () => {
    expect(sortedBuyerRoles(['PURCHASER', 'ADMIN'])).toEqual(['ADMIN', 'PURCHASER'])
  })
})

describe('useRepeatedPassword', () => {
  it('says the repeat differs, and clears that once it agrees', () => {
    const check = useRepeatedPassword(() => 'differs')
    expect(check.confirm('secret123', 'secret124')).toBe(false)
    expect(check.repeatError.value).toBe('differs')
    expect(check.confirm('secret123', 'secret123')).toBe(true)
    expect(check.repeatError.value).toBe('')
  })
})
