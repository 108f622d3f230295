import fs from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { signIn } from './session'

/**
 * Staff screens around delivery, in the browser, as the demo coordinator: «Недоставленное» lists the
 * two status notices that e2e/start-server.ts wrote as dead, one is replayed from its row and the
 * other by checkbox and «Повторить выбранные»; then, on one of those appeals' card, the channel
 * details are shown and an interim answer goes into the history.
 */

test.describe.configure({ mode: 'serial' })

const SCREENS = 'test-results/screens'
const interimText = `Работы запланированы на май, подрядчик уже выбран (e2e ${Date.now().toString(36)}).`
const shared = { appealPath: '', regNumber: '' }
let screenNo = 0

fs.mkdirSync(SCREENS, { recursive: true })

async function screen(page: Page, name: string) {
  screenNo += 1
  await page.screenshot({
    path: `${SCREENS}/dead-letters-${String(screenNo).padStart(2, '0')}-${name}.png`,
    fullPage: true,
  })
}

/** Signs in through the login form in a fresh context that fails on any uncaught script error. */
test('координатор повторяет недоставленное: по строке и выбранные', async ({ browser }) => {
  const page = await signIn(browser, 'coordinator')
  await page.getByRole('banner').getByRole('link', { name: 'Недоставленное' }).click()
  await expect(page.getByRole('heading', { name: 'Недоставленное' })).toBeVisible()
  const rows = page.getByRole('table').locator('tbody tr')
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toContainText('Уведомление заявителя о статусе')
  await expect(rows.first()).toContainText('HTTP 503')
  const link = rows.first().getByRole('link')
  shared.regNumber = (await link.textContent()) ?? ''
  shared.appealPath = (await link.getAttribute('href')) ?? ''
  expect(shared.appealPath).toMatch(/^\/appeals\/\d+$/)
  await screen(page, 'list')

  // One from its own row.
  await rows
    .first()
    .getByRole('button', { name: /^Повторить/ })
    .click()
  const status = page.getByText(/Снова поставлено в очередь/)
  await expect(status).toHaveText(/поставлено в очередь: 1 задание\./)
  await expect(rows).toHaveCount(1)

  // The other by keyboard: the checkbox with Space, then «Повторить выбранные».
  const replayChosen = page.getByRole('button', { name: /^Повторить выбранные/ })
  await expect(replayChosen).toBeDisabled()
  await rows.first().getByRole('checkbox').focus()
  await page.keyboard.press('Space')
  await expect(replayChosen).toHaveText('Повторить выбранные (1)')
  await screen(page, 'chosen')
  await replayChosen.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByText('Всё доставлено.')).toBeVisible()
  await expect(status).toHaveText(/поставлено в очередь: 1 задание\./)
  await screen(page, 'all-delivered')

  // The worker takes the requeued notices (a phone appeal has no channel: a no-op), nothing dies again.
  await page.getByRole('button', { name: 'Обновить' }).click()
  await expect(page.getByText('Всё доставлено.')).toBeVisible()
  await page.context().close()
})

test('координатор видит данные канала и отправляет промежуточный ответ', async ({ browser }) => {
  test.skip(!shared.appealPath, 'нет обращения из предыдущего шага')
  const page = await signIn(browser, 'coordinator')
  await page.goto(shared.appealPath)
  await expect(page.getByRole('heading', { name: `Обращение ${shared.regNumber}` })).toBeVisible()
  const badge = page.locator('.page-head .badge')
  const statusBefore = await badge.textContent()

  const channel = page.getByRole('region', { name: /Данные канала/ })
  await expect(channel).toContainText('демонстрационное обращение')

  const form = page.getByRole('form', { name: 'Промежуточный ответ заявителю' })
  const submit = form.getByRole('button', { name: 'Отправить заявителю' })
  await form.getByLabel(/Что делается/).fill('скоро')
  await expect(submit).toBeDisabled()
  await form.getByLabel(/Что делается/).fill(interimText)
  await submit.click()

  const history = page.getByRole('region', { name: 'История' })
  const event = history.getByRole('listitem').filter({ hasText: interimText })
  await expect(event).toBeVisible()
  await expect(event).toContainText('Промежуточный ответ заявителю')
  await expect(event).toContainText('видно заявителю')
  await expect(page.locator('.form-error')).toHaveCount(0)
  await expect(badge).toHaveText(statusBefore ?? '')
  // The form is there again, empty, for the next news.
  await expect(form.getByLabel(/Что делается/)).toHaveValue('')
  await screen(page, 'interim-answer')
  await page.context().close()
})
