import fs from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { failOnPageError, signInPage } from './session'

/**
 * What Вече understood, as the operator sees it on the card: the urgent flag with its reasons, the address
 * found in the text, and top-3 suggestions in the assign form that are confirmed with one click.
 */

const SCREENS = 'test-results/screens'
fs.mkdirSync(SCREENS, { recursive: true })

/** Registers a phone appeal through the API with the signed-in operator's cookie; returns its id. */
async function register(page: Page, text: string): Promise<number> {
  const res = await page.request.post('/api/appeals', {
    data: {
      regime: 'fz59',
      channel: 'phone',
      text,
      applicants: [{ fullName: 'Сидорова Анна Петровна', phone: '+7 910 000-11-22' }],
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  return (await res.json()).appeal.id
}

/** Opens the card and reloads until the understanding step (a sweep every 2 s) has run. */
async function openUnderstood(page: Page, id: number) {
  await page.goto(`/appeals/${id}`)
  const panel = page.getByRole('region', { name: 'Что понял Вече' })
  await expect(async () => {
    await page.getByRole('button', { name: 'Обновить' }).click()
    await expect(panel).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  return panel
}

test('срочное обращение: причины, адрес из текста; оператор снимает и возвращает срочность', async ({
  page,
}) => {
  failOnPageError(page)
  await signInPage(page, 'operator')
  const id = await register(
    page,
    `Прорвало трубу отопления в подвале дома 5 по улице Николаева, кипяток заливает подвал, пар идёт в подъезд! (${Date.now()})`,
  )
  const panel = await openUnderstood(page, id)
  await expect(page.locator('.page-head .tag-urgent')).toBeVisible()
  await expect(panel.getByText('Срочно:')).toBeVisible()
  await expect(panel.getByText('улица Николаева, 5')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/understanding-01-urgent.png`, fullPage: true })

  // The operator knows better (the crew is already there): clears the flag with a reason, and can raise it back.
  const urgency = page.getByRole('region', { name: 'Срочность' })
  await urgency.getByRole('button', { name: 'Снять срочность…' }).click()
  await urgency.getByLabel('Почему не срочно (необязательно)').fill('Аварийная бригада уже на месте')
  await urgency.getByRole('button', { name: 'Снять срочность', exact: true }).click()
  await expect(page.locator('.page-head .tag-urgent')).toHaveCount(0)
  await expect(urgency.getByText('Не отмечено срочным.')).toBeVisible()
  const history = page.getByRole('region', { name: 'История' })
  await expect(history.getByText('Срочность снята')).toBeVisible()
  await expect(history.getByText('Аварийная бригада уже на месте')).toBeVisible()
  await urgency.getByRole('button', { name: 'Отметить срочным…' }).click()
  await urgency.getByRole('button', { name: 'Отметить срочным', exact: true }).click()
  await expect(page.locator('.page-head .tag-urgent')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/understanding-01b-urgency-decided.png`, fullPage: true })
})

test('«срочно?» от модели: в очереди и на карточке, оператор подтверждает одним нажатием', async ({
  page,
}) => {
  failOnPageError(page)
  await signInPage(page, 'operator')
  // No rule names this danger (a swing about to break under children); the model's urgency head does.
  const tag = Date.now()
  const id = await register(
    page,
    `Качели во дворе дома 7 по улице Крупской держатся на одном болте, дети на них качаются, крепление трещит (${tag})`,
  )
  await openUnderstood(page, id)
  await expect(page.locator('.page-head .tag-urgent-check')).toHaveText('срочно?')
  const urgency = page.getByRole('region', { name: 'Срочность' })
  await expect(urgency.getByText(/Отметила модель, а не правило/)).toBeVisible()

  // In the queue it is on top with the others, marked as a guess to check.
  const regNumber = ((await page.locator('.page-head h1').textContent()) ?? '')
    .replace('Обращение', '')
    .trim()
  await page.goto('/queue?urgent=true')
  const row = page.getByRole('row').filter({ hasText: regNumber })
  await expect(row.locator('.tag-urgent-check')).toHaveText('срочно?')
  await page.screenshot({ path: `${SCREENS}/understanding-01c-model-flag-queue.png`, fullPage: true })
  // The queue shows what is still being handled; finished appeals only on request.
  const table = page.getByRole('table')
  await expect(table.getByText('Закрыто', { exact: true })).toHaveCount(0)
  // The box follows the URL (filters live there), so its state changes a moment after the click: click, then wait.
  const finished = page.getByRole('checkbox', { name: 'С завершёнными' })
  await finished.click()
  await expect(finished).toBeChecked()
  await expect(table.getByText('Закрыто', { exact: true }).first()).toBeVisible()
  await expect(page).toHaveURL(/finished=true/)

  await page.goto(`/appeals/${id}`)
  await urgency.getByRole('button', { name: 'Подтвердить срочность' }).click()
  await expect(page.locator('.page-head .tag-urgent')).toHaveText('срочно')
  await expect(page.locator('.page-head .tag-urgent-check')).toHaveCount(0)
  await expect(urgency.getByRole('button', { name: 'Подтвердить срочность' })).toHaveCount(0)
  await expect(
    page.getByRole('region', { name: 'История' }).getByText('Срочность подтверждена'),
  ).toBeVisible()
})

test('оператор подтверждает подсказку одним нажатием', async ({ page }) => {
  await signInPage(page, 'operator')
  // A short, vague text: the model is not sure enough to route it alone, so the operator decides.
  const id = await register(page, `Прошу разобраться, возле дома опять безобразие (${Date.now()})`)
  await openUnderstood(page, id)
  const sectors = page.getByRole('group', { name: /Вече предлагает сектор/ })
  await expect(sectors.getByRole('button')).toHaveCount(3)
  const topics = page.getByRole('group', { name: /Вече предлагает тему/ })
  const second = topics.getByRole('button').nth(1)
  const topicName = ((await second.textContent()) ?? '').replace(/\s*\d+\s*%\s*$/, '').trim()
  await second.click()
  await expect(second).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByLabel('Тема')).toHaveValue(/.+/)
  await expect(page.getByLabel('Тема').locator('option:checked')).toHaveText(topicName)
  await page.screenshot({ path: `${SCREENS}/understanding-02-suggestions.png`, fullPage: true })
})

test('оператор объединяет два сообщения об одной яме в инцидент и может отделить', async ({ page }) => {
  await signInPage(page, 'operator')
  const tag = Date.now()
  const first = await register(
    page,
    `Огромная яма на проезжей части у дома 12 по проспекту Гагарина, пробил колесо (${tag})`,
  )
  await openUnderstood(page, first)
  const second = await register(
    page,
    `проспект Гагарина 12 — яма на дороге, машины объезжают по встречке (${tag})`,
  )
  const panel = await openUnderstood(page, second)
  await expect(panel.getByText('Возможно, та же проблема')).toBeVisible()
  await panel.getByRole('button', { name: 'Это та же проблема — объединить' }).first().click()
  const incident = page.getByRole('region', { name: 'Инцидент' })
  await expect(incident).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/understanding-03-incident.png`, fullPage: true })
  await incident.getByRole('button', { name: 'Отделить' }).click()
  await expect(incident).toBeHidden()
})
