import { expect, test } from '@playwright/test'
import { api, DEMO, screenshot, signIn } from './support'

interface Address {
  id: string
  label: string | null
  recipient: string
  phone: string
  region: string
  street: string
  postalCode: string | null
  isDefault: boolean
}

const ADDRESSES = `{ addresses { id label recipient phone region street postalCode isDefault } }`

test('a buyer adds an address (a missing field is named), edits it, makes it default and deletes it', async ({ page }, testInfo) => {
  const tokens = await signIn(page, DEMO.buyerA)
  const before = (await api<{ addresses: Address[] }>(ADDRESSES, {}, tokens.token)).addresses
  const originalDefault = before.find((address) => address.isDefault)
  const recipient = `测试收货人${Date.now() % 100000}`
  try {
    await page.goto('/me/addresses')
    await expect(page.getByTestId('address-add')).toBeVisible()
    await expect(page.getByTestId('address-item')).toHaveCount(before.length)

    await page.getByTestId('address-add').click()
    await page.getByTestId('field-recipient').locator('input').fill(recipient)
    await page.getByTestId('field-region').locator('input').fill('上海市 浦东新区')
    await page.getByTestId('field-street').locator('textarea').fill('世纪大道 100 号')
    await page.getByTestId('address-save').click()
    await expect(page.getByTestId('field-phone')).toContainText('请填写手机号')

    // A phone the server refuses shows its error beside the field too.
    await page.getByTestId('field-phone').locator('input').fill('12')
    await page.getByTestId('address-save').click()
    await expect(page.getByTestId('field-phone')).toContainText('格式不正确')
    await screenshot(page, testInfo, 'address-form')

    await page.getByTestId('field-phone').locator('input').fill('13800138000')
    await page.getByTestId('address-save').click()
    const mine = page.getByTestId('address-item').filter({ hasText: recipient })
    await expect(mine).toContainText('世纪大道 100 号')
    await expect(page.getByTestId('address-item')).toHaveCount(before.length + 1)
    await expect(page.locator('.van-toast')).toBeHidden()
    await expect(page.locator('.van-overlay:visible')).toHaveCount(0)
    await screenshot(page, testInfo, 'addresses')

    await mine.getByTestId('address-edit').click()
    await expect(page.getByTestId('field-recipient').locator('input')).toHaveValue(recipient)
    await page.getByTestId('field-street').locator('textarea').fill('世纪大道 200 号')
    await page.getByTestId('field-label').locator('input').fill('门店')
    await page.getByTestId('address-save').click()
    await expect(mine).toContainText('世纪大道 200 号')
    await expect(mine).toContainText('门店')

    await mine.getByTestId('address-make-default').click()
    await expect(mine.getByTestId('address-default-tag')).toBeVisible()
    await expect(page.getByTestId('address-default-tag')).toHaveCount(1)
    // The default comes first.
    await expect(page.getByTestId('address-item').first()).toContainText(recipient)

    await mine.getByTestId('address-delete').click()
    await page.locator('.van-dialog__confirm').click()
    await expect(mine).toHaveCount(0)
    await expect(page.getByTestId('address-item')).toHaveCount(before.length)
  } finally {
    // Others' tests expect dealer-a's own default address: put it back, and drop what this test left.
    const now = (await api<{ addresses: Address[] }>(ADDRESSES, {}, tokens.token)).addresses
    for (const leftover of now.filter((address) => address.recipient === recipient)) {
      await api(`mutation ($input: AddressArchiveInput!) { addressArchive(input: $input) { userErrors { code } } }`, { input: { addressId: leftover.id } }, tokens.token)
    }
    if (originalDefault) {
      const { id, label, recipient: name, phone, region, street, postalCode } = originalDefault
      await api(
        `mutation ($input: AddressUpdateInput!) { addressUpdate(input: $input) { userErrors { code } } }`,
        { input: { addressId: id, address: { label, recipient: name, phone, region, street, postalCode, isDefault: true } } },
        tokens.token,
      )
    }
  }
})
