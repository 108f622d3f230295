import fs from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { signIn } from './session'

/**
 * «Контроль сроков» in the browser: the demo coordinator opens the board, narrows it to overdue items of
 * «Управление ЖКХ», finds the overdue appeal that e2e/start-server.ts prepared, clicks «Напомнить» (a second
 * click is refused for an hour, in Russian); the demo executor of that unit signs in and finds the reminder in
 * the bell, opens the appeal from it and the bell's count goes down after «Прочитать все».
 */

test.describe.configure({ mode: 'serial' })

const SCREENS = 'test-results/screens'
const shared = { regNumber: '' }
let screenNo = 0

fs.mkdirSync(SCREENS, { recursive: true })

async function screen(page: Page, name: string) {
  screenNo += 1
  await page.screenshot({
    path: `${SCREENS}/control-board-${String(screenNo).padStart(2, '0')}-${name}.png`,
    fullPage: true,
  })
}

test('координатор видит просроченное на доске и напоминает исполнителю', async ({ browser }) => {
  const page = await signIn(browser, 'coordinator')
  await page.getByRole('banner').getByRole('link', { name: 'Контроль сроков' }).click()
  await expect(page.getByRole('heading', { name: 'Контроль сроков' })).toBeVisible()
  await page.getByRole('button', { name: /^Просрочено \(\d+\)/ }).click()
  await page
    .getByRole('table', { name: 'По подразделениям' })
    .getByRole('button', { name: 'Управление ЖКХ' })
    .click()
  await expect(page).toHaveURL(/bucket=overdue/)
  await expect(page).toHaveURL(/unit=\d+/)
  const row = page.locator('.control-table tbody tr').filter({ hasText: 'Управление ЖКХ' }).first()
  await expect(row).toContainText('просрочено')
  await expect(row).toContainText(/\d+ раб\. дн\./)
  // Personal data is masked in the list, as everywhere.
  await expect(page.locator('.control-table')).not.toContainText('Сроков Семён')
  shared.regNumber = (await row.getByRole('link').textContent()) ?? ''
  expect(shared.regNumber).toMatch(/^О-\d{4}-\d{6}$/)
  await screen(page, 'board')

  await row.getByRole('button', { name: `Напомнить исполнителю: ${shared.regNumber}` }).click()
  await expect(
    page.getByText(/^Напоминание отправлено исполнителям подразделения: получателей \d+/),
  ).toBeVisible()
  const again = page
    .locator('.control-table tbody tr')
    .filter({ hasText: shared.regNumber })
    .getByRole('button', { name: `Напомнить исполнителю: ${shared.regNumber}` })
  await again.click()
  await expect(
    page.getByText(
      /уже отправлено напоминание в \d\d:\d\d; следующее — не раньше \d\d:\d\d \(не чаще раза в 60 мин\)/,
    ),
  ).toBeVisible()
  await screen(page, 'reminded')
})

test('исполнитель видит напоминание в колокольчике', async ({ browser }) => {
  expect(shared.regNumber).not.toBe('')
  const page = await signIn(browser, 'executor')
  const bell = page.getByRole('button', { name: /^Уведомления: непрочитанных \d+/ })
  await expect(bell).toBeVisible()
  await expect(page.getByTestId('bell-count')).toBeVisible()
  await bell.click()
  const panel = page.getByRole('region', { name: 'Уведомления' })
  const note = panel.getByRole('link', { name: `Напоминание МЦУ: обращение № ${shared.regNumber}` })
  await expect(note).toBeVisible()
  await screen(page, 'bell')
  await note.click()
  await expect(page.getByRole('heading', { name: new RegExp(shared.regNumber) })).toBeVisible()
  await expect(page.getByText('МЦУ напомнило исполнителю о сроке')).toBeVisible()

  await page.getByRole('button', { name: /^Уведомления: непрочитанных/ }).click()
  await page
    .getByRole('region', { name: 'Уведомления' })
    .getByRole('button', { name: 'Прочитать все' })
    .click()
  await expect(page.getByRole('button', { name: 'Уведомления: нет новых' })).toBeVisible()
})
