import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { signIn } from './session'

/**
 * «Сроки» in the browser: the demo coordinator extends a 59-ФЗ appeal by 20 days with a reason (59-ФЗ ст. 12 ч. 2),
 * a second extension is no longer offered, and the citizen's tracking page shows the new date and the event.
 */

const SCREENS = 'test-results/screens'
fs.mkdirSync(SCREENS, { recursive: true })

/** dd.mm.yyyy of an instant in Moscow, as the UI prints dates. */
const moscowDate = (iso: string) => {
  const d = new Date(Date.parse(iso) + 3 * 3_600_000)
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`
}

test('координатор продлевает срок по 59-ФЗ с причиной, заявитель видит новую дату', async ({ browser }) => {
  const page = await signIn(browser, 'coordinator')
  const res = await page.request.post('/api/appeals', {
    data: {
      regime: 'fz59',
      channel: 'phone',
      text: `Прошу проверить законность вырубки деревьев во дворе дома 7 по ул. Кирова (${Date.now()})`,
      applicants: [{ fullName: 'Ковалёва Мария Ивановна', phone: '+7 910 000-33-44' }],
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  const { appeal, trackingCode } = await res.json()
  const oldDue: string = appeal.dueAt

  await page.goto(`/appeals/${appeal.id}`)
  const section = page.getByRole('region', { name: 'Сроки' })
  await expect(section.getByTestId('final-due')).toContainText(moscowDate(oldDue))
  await expect(section).toContainText('30 календарных дней')
  await expect(section).toContainText('Исполнение')

  await section.getByRole('button', { name: 'Продлить срок…' }).click()
  const dialog = section.getByRole('dialog', { name: 'Продление срока' })
  await dialog.getByLabel('На сколько дней').fill('45')
  await dialog.getByLabel('Причина продления').fill('Запрошены документы в Управлении Росреестра')
  await dialog.getByRole('button', { name: 'Продлить' }).click()
  await expect(dialog.getByRole('alert')).toContainText('30')
  await dialog.getByLabel('На сколько дней').fill('20')
  await dialog.getByRole('button', { name: 'Продлить' }).click()
  await expect(dialog).toHaveCount(0)

  const newDue = new Date(Date.parse(oldDue) + 20 * 86_400_000).toISOString()
  await expect(section.getByTestId('final-due')).toContainText(moscowDate(newDue))
  await expect(section).toContainText('Первоначальный срок')
  await expect(section).toContainText('на 20 дн.')
  await expect(section.getByRole('button', { name: 'Продлить срок…' })).toHaveCount(0)
  await page.screenshot({ path: `${SCREENS}/deadlines-extended.png`, fullPage: true })

  const citizen = await browser.newPage()
  await citizen.goto('/track')
  await citizen.getByLabel('Номер обращения').fill(appeal.regNumber)
  await citizen.getByLabel('Код (6 цифр)').fill(trackingCode)
  await citizen.getByRole('button', { name: 'Проверить' }).click()
  await expect(citizen.getByTestId('public-status')).toBeVisible()
  await expect(citizen.getByText(`до ${moscowDate(newDue)}`)).toBeVisible()
  await expect(citizen.getByText('Срок рассмотрения продлён')).toBeVisible()
  await citizen.screenshot({ path: `${SCREENS}/deadlines-track.png`, fullPage: true })
})

test('администратор видит годы календаря и переопределяет день', async ({ browser }) => {
  const page = await signIn(browser, 'admin')
  await page.getByRole('link', { name: 'Календарь' }).click()
  await expect(page.getByRole('heading', { name: 'Производственный календарь' })).toBeVisible()
  await expect(page.getByText(/2027 — проект/)).toBeVisible()
  const form = page.getByRole('form', { name: 'Переопределить день' })
  await form.getByLabel('Дата').fill('2031-01-10')
  await form.getByLabel('Основание').fill('проверка чужого года')
  await form.getByRole('button', { name: 'Сохранить' }).click()
  await expect(form.getByRole('alert')).toContainText('на 2031 год не загружен')
  await form.getByLabel('Дата').fill('2027-12-30')
  await form.getByLabel('Какой это день').selectOption('holiday')
  await form.getByLabel('Основание').fill('Распоряжение Главы города (пример)')
  await form.getByRole('button', { name: 'Сохранить' }).click()
  const row = page.getByRole('row', { name: /30\.12\.2027/ })
  await expect(row).toContainText('нерабочий')
  await page.screenshot({ path: `${SCREENS}/calendar-overrides.png`, fullPage: true })
  await row.getByRole('button', { name: 'Удалить' }).click()
  await expect(page.getByText('Переопределений нет')).toBeVisible()
})
