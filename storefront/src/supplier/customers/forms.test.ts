import { describe, expect, it } from 'vitest'
import { accountChanges, accountDraft, listFormErrors, roleGrants, shortTime } from './forms'

const account = {
  tier: 'A',
  customerGroup: null,
  region: '华东',
  salesRep: { id: 'U1' },
  creditLimit: { amount: '200000.00' },
  paymentTermsDays: 30,
  contactName: null,
  contactPhone: null,
  note: null,
}

describe('roleGrants', () => {
  it('gives the level only to APPROVER, in the roles order', () => {
    expect(roleGrants({ roles: ['APPROVER', 'SALES'], approvalLevel: 2 })).toEqual([
      { role: 'SALES', approvalLevel: null },
      { role: 'APPROVER', approvalLevel: 2 },
    ])
  })
})

describe('accountChanges', () => {
  it('sends only what changed', () => {
    const before = accountDraft(account)
    expect(accountChanges(before, { ...before, creditLimit: '150000' })).toEqual({ creditLimit: '150000' })
  })
  it('clears an emptied field and parses the terms', () => {
    const before = accountDraft(account)
    expect(accountChanges(before, { ...before, region: ' ', paymentTermsDays: '45', salesRepId: '' })).toEqual({
      region: null,
      paymentTermsDays: 45,
      salesRepId: null,
    })
  })
  it('sends nothing when nothing changed', () => {
    const before = accountDraft(account)
    expect(accountChanges(before, { ...before })).toEqual({})
  })
})

describe('listFormErrors', () => {
  it('folds an item error into its list field', () => {
    const errors = [
      { field: ['input', 'roles', '1', 'role'], code: 'ROLE_NOT_ALLOWED', message: 'not allowed' },
      { field: ['input', 'userId'], code: 'LAST_ADMIN', message: 'last admin' },
    ]
    expect(listFormErrors(errors, ['roles'], 'en')).toEqual({ byField: { roles: 'not allowed' }, general: ['last admin'] })
  })
  it('keeps an exact field the form shows', () => {
    const errors = [{ field: ['input', 'steps', '0', 'name'], code: 'REQUIRED', message: 'required' }]
    expect(listFormErrors(errors, ['steps.0.name', 'steps'], 'en').byField).toEqual({ 'steps.0.name': 'required' })
  })
})

describe('shortTime', () => {
  it('drops the seconds', () => expect(shortTime('08:30:00')).toBe('08:30'))
})
