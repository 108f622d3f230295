import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { failOnPageError, signIn, signInPage } from './session'

/**
 * The responsibility matrix end to end: the admin adds a rule for a district on «Матрица ответственности»;
 * the operator opens a new appeal from that district, picks the sector and sees the rule's unit
 * preselected with the reason; after assigning, the card says why the appeal went there.
 */

const SCREENS = 'test-results/screens'
fs.mkdirSync(SCREENS, { recursive: true })

test('админ добавляет правило для района, оператор видит исполнителя по матрице и причину', async ({
  browser,
}) => {
  const admin = await signIn(browser, 'admin')
  await admin.getByRole('link', { name: 'Матрица ответственности' }).click()
  await expect(admin.getByRole('heading', { name: 'Матрица ответственности' })).toBeVisible()
  await admin.getByRole('button', { name: 'Добавить правило' }).click()
  await admin.locator('#rule-sector').selectOption({ label: 'Другое' })
  await admin.locator('#rule-district').selectOption({ label: 'Заднепровский район' })
  await admin.locator('#rule-unit').selectOption({ label: 'Терруправление Заднепровского района' })
  await admin.locator('#rule-position').fill('1')
  await admin.getByRole('button', { name: 'Сохранить правило' }).click()
  const first = admin.locator('.matrix-table tbody tr').first()
  await expect(first).toContainText('сектор «Другое», район «Заднепровский район»')
  await expect(first).toContainText('Терруправление Заднепровского района')

  // «Проверить»: the same question gives rule №1 and says why.
  await admin.locator('#check-sector').selectOption({ label: 'Другое' })
  await admin.locator('#check-district').selectOption({ label: 'Заднепровский район' })
  await admin.getByRole('button', { name: 'Проверить', exact: true }).click()
  await expect(
    admin.getByText(/^Правило №1 матрицы ответственности: сектор «Другое», район «Заднепровский район»/),
  ).toBeVisible()
  // A rule that can never match is refused with the reason, and nothing is saved.
  await admin.getByRole('button', { name: 'Добавить правило' }).click()
  await admin.locator('#rule-sector').selectOption({ label: 'Другое' })
  await admin.locator('#rule-district').selectOption({ label: 'Заднепровский район' })
  await admin.locator('#rule-unit').selectOption({ label: 'МЦУ' })
  await admin.getByRole('button', { name: 'Сохранить правило' }).click()
  await expect(admin.getByRole('alert')).toContainText('никогда не сработает: правило №1 выше')
  await admin.screenshot({ path: `${SCREENS}/routing-01-matrix.png`, fullPage: true })

  const page = await (await browser.newContext()).newPage()
  failOnPageError(page)
  await signInPage(page, 'operator')
  const res = await page.request.post('/api/appeals', {
    data: {
      regime: 'fz59',
      channel: 'phone',
      text: `Прошу разобраться, возле дома опять безобразие (${Date.now()})`,
      districtCode: 'zadneprovsky',
      applicants: [{ fullName: 'Сидорова Анна Петровна', phone: '+7 910 000-11-22' }],
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  const id = (await res.json()).appeal.id
  await page.goto(`/appeals/${id}`)
  await page.locator('#assign-sector').selectOption({ label: 'Другое' })
  await expect(page.locator('#assign-unit option:checked')).toHaveText('Терруправление Заднепровского района')
  await expect(page.locator('.assign-why')).toContainText(
    'По матрице: Правило №1 матрицы ответственности: сектор «Другое», район «Заднепровский район» → исполнитель «Терруправление Заднепровского района».',
  )
  await page.screenshot({ path: `${SCREENS}/routing-02-assign.png`, fullPage: true })
  await page.getByRole('button', { name: 'Назначить', exact: true }).click()
  await expect(page.locator('.routing-why')).toHaveText(
    'Правило №1 матрицы ответственности: сектор «Другое», район «Заднепровский район» → исполнитель «Терруправление Заднепровского района».',
  )
  await expect(page.getByText('Почему', { exact: true })).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/routing-03-card.png`, fullPage: true })

  // «Организации»: the operator reads the directory (no edit form buttons).
  await page.getByRole('link', { name: 'Организации' }).click()
  await page.getByLabel('Поиск организаций').fill('Спецавтохозяйство')
  await expect(page.locator('.org-table tbody tr')).toHaveCount(1)
  await expect(page.getByRole('button', { name: 'Добавить' })).toHaveCount(0)
  await page.screenshot({ path: `${SCREENS}/routing-04-orgs.png`, fullPage: true })
})
