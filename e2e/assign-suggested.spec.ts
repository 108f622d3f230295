import fs from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { failOnPageError, signInPage } from './session'

/**
 * «Направить по предложению»: on a busy morning the operator checks, in the queue itself, the appeals whose
 * proposal is right and sends them at once; the ones it cannot send say why.
 */

const SCREENS = 'test-results/screens'
fs.mkdirSync(SCREENS, { recursive: true })

/** Registers a phone appeal with a sector already chosen (no executor yet) through the API; returns its number. */
async function register(page: Page, text: string, sectorCode: string): Promise<string> {
  const res = await page.request.post('/api/appeals', {
    data: {
      regime: 'fz59',
      channel: 'phone',
      text,
      sectorCode,
      applicants: [{ fullName: 'Петрова Мария Ивановна', phone: '+7 910 000-33-44' }],
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  return (await res.json()).appeal.regNumber
}

test('оператор отмечает в очереди верные предложения и направляет их разом', async ({ page }) => {
  failOnPageError(page)
  await signInPage(page, 'operator')
  const tag = `утро-${Date.now()}`
  const pothole = await register(page, `Яма на дороге у дома 12, колёса бьём (${tag})`, 'roads')
  const bins = await register(page, `Не вывозят мусор с контейнерной площадки (${tag})`, 'waste')
  const roof = await register(page, `Течёт крыша над последним этажом (${tag})`, 'housing')

  await page.goto(`/queue?q=${encodeURIComponent(tag)}`)
  const bar = page.getByRole('region', { name: 'Направить по предложению Вече' })
  await expect(bar).toContainText('Вече предлагает исполнителя: 3 обращения на странице')
  const send = bar.getByRole('button', { name: /Направить по предложению/ })
  await expect(send).toBeDisabled()
  const rowOf = (reg: string) => page.getByRole('row').filter({ hasText: reg })
  // The sector was chosen at registration; the proposed topic and executor read as a question until confirmed.
  await expect(rowOf(pothole).locator('.suggested').last()).toHaveText(/^\S.*\?$/)

  await page.getByLabel(`Направить ${pothole} по предложению`).check()
  await page.getByLabel(`Направить ${bins} по предложению`).check()
  await expect(page.getByLabel('Выбрать все с предложением Вече')).not.toBeChecked()
  await expect(send).toHaveText('Направить по предложению (2)')
  await page.screenshot({ path: `${SCREENS}/assign-suggested-01-checked.png`, fullPage: true })
  await send.click()

  await expect(page.getByText('Направлено по предложению: 2 обращения.')).toBeVisible()
  await expect(rowOf(pothole)).toContainText('В работе')
  await expect(rowOf(bins)).toContainText('В работе')
  await expect(rowOf(pothole).locator('.suggested')).toHaveCount(0)
  // The third was not checked: it still waits, with its proposal.
  await expect(rowOf(roof)).toContainText('Зарегистрировано')
  await expect(bar).toContainText('Вече предлагает исполнителя: 1 обращение на странице')
  await page.screenshot({ path: `${SCREENS}/assign-suggested-02-sent.png`, fullPage: true })

  // «Без исполнителя» leaves only the one still waiting.
  // The box follows the URL (a reload keeps the filter): click, then wait for the URL and the box.
  const waitingBox = page.getByLabel('Без исполнителя')
  await waitingBox.click()
  await expect(page).toHaveURL(/waiting=true/)
  await expect(waitingBox).toBeChecked()
  await expect(page.getByText('найдено: 1')).toBeVisible()
  await expect(rowOf(roof)).toBeVisible()

  // The card's history says it went by Вече's proposal and who confirmed it.
  await waitingBox.click()
  await expect(page).not.toHaveURL(/waiting=true/)
  await expect(waitingBox).not.toBeChecked()
  await rowOf(pothole).getByRole('link', { name: pothole }).click()
  const history = page.getByRole('region', { name: 'История' })
  await expect(history.getByText('По предложению Вече: сектор «Дороги»')).toBeVisible()

  // From a card the operator goes on to the next appeal still waiting for an executor.
  const cardUrl = page.url()
  await page.getByRole('button', { name: 'Следующее без исполнителя →' }).click()
  await expect(page).not.toHaveURL(cardUrl)
  await expect(page.getByRole('heading', { level: 1 })).not.toContainText(pothole)
  await expect(page.locator('.page-head .badge').first()).toHaveText(/Зарегистрировано|Координация/)
})
