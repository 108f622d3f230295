import fs from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { openPage, signIn } from './session'

/**
 * The walking skeleton, end to end, in the browser: a phone appeal goes from registration through
 * assignment, answer and approval to the citizen's rating and the head's dashboard. Every step runs
 * in a fresh browser context signed in as the person who does that step in real life.
 */

test.describe.configure({ mode: 'serial' })

const SCREENS = 'test-results/screens'
const token = `E2E${Date.now().toString(36).toUpperCase()}`
const appealText =
  `Обращение ${token}. Во дворе дома по улице Гагарина протекает крыша над третьим подъездом, ` +
  'вода стекает по стенам лестничной клетки уже неделю. Прошу отремонтировать кровлю.'
const answerText =
  `Ответ на обращение ${token}. Кровля над третьим подъездом отремонтирована управляющей организацией, ` +
  'протечка устранена, лестничная клетка будет покрашена до конца месяца.'

/** A fresh mobile number per run, so the caller has no earlier appeals by phone: +7 (9XX) XXX-XX-XX. */
const phoneDigits = `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`
const applicantPhone =
  `+7 (${phoneDigits.slice(0, 3)}) ${phoneDigits.slice(3, 6)}-` +
  `${phoneDigits.slice(6, 8)}-${phoneDigits.slice(8)}`

const appeal = { regNumber: '', code: '', path: '' }
let screenNo = 0

fs.mkdirSync(SCREENS, { recursive: true })

/** Saves a full-page screenshot as test-results/screens/NN-name.png. */
async function screen(page: Page, name: string) {
  screenNo += 1
  await page.screenshot({
    path: `${SCREENS}/${String(screenNo).padStart(2, '0')}-${name}.png`,
    fullPage: true,
  })
}

/** A fresh context that fails the test on any uncaught script error. */
/** Signs in through the login form and waits to leave it. */
/**
 * Waits for the card's status badge to read `expected` after an action; if the form shows a server
 * error instead, fails with that error so the report says what went wrong.
 */
async function expectStatus(page: Page, expected: string | RegExp) {
  const badge = page.locator('.page-head .badge')
  const error = page.locator('.form-error')
  await expect(badge.filter({ hasText: expected }).or(error).first()).toBeVisible({ timeout: 20_000 })
  if (await error.first().isVisible())
    throw new Error(`сервер отклонил действие: ${await error.first().textContent()}`)
  await expect(badge).toHaveText(expected)
}

/** Reads a number shown the Russian way («1 234», «4,5»). */
function readNumber(text: string | null): number {
  return Number((text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'))
}

test('вход с неверным паролем показывает ошибку по-русски', async ({ browser }) => {
  const page = await openPage(browser)
  // The site root opens the app, which sends a signed-out visitor to the login page.
  await page.goto('/')
  await expect(page).toHaveURL(/\/login/)
  await screen(page, 'login')
  await page.getByLabel('Логин').fill('operator')
  await page.getByLabel('Пароль').fill('не-тот-пароль')
  await page.getByRole('button', { name: 'Войти' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toBeVisible()
  await expect(alert).toContainText(/[А-Яа-яЁё]{3,}/)
  await expect(page).toHaveURL(/\/login/)
  await screen(page, 'login-wrong-password')
  await page.context().close()
})

test('оператор регистрирует обращение по телефону с точкой на карте', async ({ browser }) => {
  const page = await signIn(browser, 'operator')
  await expect(page).toHaveURL(/\/queue/)
  const header = page.getByRole('banner')
  await expect(header).toContainText('Вече · МЦУ Смоленска')
  await expect(header).toContainText('Оператор МЦУ')
  await expect(page.getByRole('table')).toBeVisible()
  await screen(page, 'queue-operator')

  await header.getByRole('link', { name: 'Новое обращение' }).click()
  await expect(page.getByRole('heading', { name: /Новое обращение/ })).toBeVisible()
  await page.getByLabel('ФИО').fill('Иванов Иван Иванович')
  const phone = page.getByLabel('Телефон')
  await phone.fill(applicantPhone)
  // The caller's earlier appeals are looked up as the phone is typed, without taking the focus away.
  // The phone is new; only the name might match someone among the demo city's random applicants.
  const history = page.getByRole('region', { name: 'Прежние обращения заявителя' })
  await expect(history).toBeVisible()
  await expect(history).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 })
  await expect(
    history.getByText('Прежних обращений не найдено').or(history.getByRole('listitem').first()),
  ).toBeVisible()
  await expect(phone).toBeFocused()
  await page.getByLabel('E-mail').fill('ivanov@example.ru')
  await page.getByLabel('Почтовый адрес').fill('214000, г. Смоленск, ул. Гагарина, д. 10, кв. 5')
  await page.getByRole('button', { name: '+ соавтор' }).click()
  const coauthor = page.getByRole('group', { name: 'Соавтор 1' })
  await coauthor.getByLabel('ФИО').fill('Петрова Мария Сергеевна')
  await page.getByLabel('Текст обращения').fill(appealText)

  // A click where the map shows a district's name lands inside that district.
  const map = page.getByRole('application', { name: /Карта/ })
  await expect(map.locator('path.leaflet-interactive').first()).toBeVisible()
  const label = map.locator('.map-district-label').first()
  const box = await label.boundingBox()
  if (!box) throw new Error('на карте нет подписи района')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height + 12)
  await expect(page.getByTestId('picked-point')).toBeVisible()
  await expect(page.getByLabel('Район')).not.toHaveValue('')
  await screen(page, 'register-form')

  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await expect(page.getByRole('heading', { name: 'Обращение зарегистрировано' })).toBeVisible()
  await expect(page.getByText('Сообщите заявителю:')).toBeVisible()
  appeal.regNumber = (await page.getByTestId('reg-number').textContent())?.trim() ?? ''
  appeal.code = (await page.getByTestId('tracking-code').textContent())?.trim() ?? ''
  expect(appeal.regNumber).toMatch(/^[А-ЯЁ]+-\d{4}-\d+$/)
  expect(appeal.code).toMatch(/^\d{6}$/)
  await screen(page, 'registered')

  await page.getByRole('link', { name: 'Открыть карточку' }).click()
  await expect(page.getByRole('heading', { name: `Обращение ${appeal.regNumber}` })).toBeVisible()
  appeal.path = new URL(page.url()).pathname
  await expect(page.getByText(appealText)).toBeVisible()
  await expect(page.getByText('Петрова Мария Сергеевна')).toBeVisible()
  await expect(page.getByRole('application', { name: 'Место на карте' })).toBeVisible()
  await screen(page, 'card-registered')
  await page.context().close()
})

test('оператор видит прежние обращения звонящего, набрав его телефон', async ({ browser }) => {
  const page = await signIn(browser, 'operator')
  await page.goto('/appeals/new')
  const history = page.getByRole('region', { name: 'Прежние обращения заявителя' })
  await expect(history).toContainText('Начните вводить телефон или фамилию')
  const phone = page.getByLabel('Телефон')
  await phone.fill(applicantPhone)
  const link = history.getByRole('link', { name: appeal.regNumber })
  await expect(link).toBeVisible({ timeout: 15_000 })
  // A new tab: the form keeps what has been typed while the operator looks at the earlier card.
  await expect(link).toHaveAttribute('target', '_blank')
  await expect(link).toHaveAttribute('href', appeal.path)
  const row = history.getByRole('listitem').filter({ hasText: appeal.regNumber })
  await expect(row).toContainText('Телефон')
  await expect(row).toContainText(token)
  await expect(phone).toBeFocused()
  await phone.press('Enter')
  await expect(page.getByLabel('E-mail')).toBeFocused()
  await screen(page, 'caller-history')
  await page.context().close()
})

test('обращение находится в очереди и назначается в Управление ЖКХ', async ({ browser }) => {
  const page = await signIn(browser, 'operator')
  await page.getByRole('searchbox', { name: /Поиск/ }).fill(token)
  const row = page.getByRole('row', { name: new RegExp(appeal.regNumber) })
  await expect(row).toBeVisible()
  await expect(page.getByRole('row')).toHaveCount(2)
  await screen(page, 'queue-search')
  await row.click()
  await expect(page.getByRole('heading', { name: `Обращение ${appeal.regNumber}` })).toBeVisible()

  const reference = await (await page.request.get('/api/reference')).json()
  const ugkh = reference.units.find((u: { code: string }) => u.code === 'ugkh')
  expect(ugkh, 'в справочнике есть Управление ЖКХ (ugkh)').toBeTruthy()
  const form = page.getByRole('form', { name: 'Назначить исполнителя' })
  await form.getByLabel('Сектор').selectOption({ label: 'ЖКХ' })
  await form.getByLabel('Исполнитель').selectOption(String(ugkh.id))
  await expect(form.getByLabel('Исполнитель').locator('option:checked')).toHaveText(/Управление ЖКХ/)
  await form.getByLabel('Комментарий исполнителю').fill('Прошу проверить кровлю и ответить заявителю.')
  await screen(page, 'assign-form')
  await form.getByRole('button', { name: 'Назначить' }).click()
  await expectStatus(page, 'В работе')
  await expect(page.getByText('Управление ЖКХ').first()).toBeVisible()
  await screen(page, 'card-assigned')
  await page.context().close()
})

test('исполнитель Управления ЖКХ видит обращение и готовит ответ', async ({ browser }) => {
  const page = await signIn(browser, 'executor')
  await expect(page).toHaveURL(/\/queue/)
  await page.getByRole('searchbox', { name: /Поиск/ }).fill(token)
  const row = page.getByRole('row', { name: new RegExp(appeal.regNumber) })
  await expect(row).toBeVisible()
  // The appeal is also on the unfiltered list: wait until the search has narrowed it to one row.
  await expect(page.getByRole('row')).toHaveCount(2)
  await screen(page, 'queue-executor')
  await row.getByRole('link', { name: appeal.regNumber }).click()

  const form = page.getByRole('form', { name: 'Ответ заявителю', exact: true })
  await form.getByLabel('Текст ответа').fill(answerText)
  await screen(page, 'answer-form')
  await form.getByRole('button', { name: 'Отправить на утверждение' }).click()
  await expectStatus(page, 'Ответ подготовлен')
  await expect(page.getByText(answerText)).toBeVisible()
  await screen(page, 'card-answered')
  await page.context().close()
})

test('исполнитель другого подразделения не может открыть обращение', async ({ browser }) => {
  const page = await signIn(browser, 'executor_roads')
  await page.goto(appeal.path)
  await expect(page.getByRole('heading', { name: 'Не найдено' })).toBeVisible()
  await expect(page.getByText(appealText)).toHaveCount(0)
  await screen(page, 'not-found-other-unit')
  await page.context().close()
})

test('координатор утверждает ответ', async ({ browser }) => {
  const page = await signIn(browser, 'coordinator')
  await page.goto(appeal.path)
  await expect(page.getByText(answerText)).toBeVisible()
  await screen(page, 'approve-before')
  await page.getByRole('button', { name: 'Утвердить ответ' }).click()
  await expectStatus(page, /Ответ утверждён|Ответ направлен/)
  await screen(page, 'approved')
  await page.context().close()
})

test('заявитель видит ответ на странице проверки и ставит оценку', async ({ browser }) => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true })
  await page.goto('/track')
  await expect(page.getByRole('button', { name: 'Выйти' })).toHaveCount(0)
  await page.getByLabel('Номер обращения').fill(appeal.regNumber)
  await page.getByLabel('Код (6 цифр)').fill(appeal.code)
  await screen(page, 'track-form')
  await page.getByRole('button', { name: 'Проверить' }).click()
  const status = page.getByTestId('public-status')
  await expect(status).toBeVisible()
  expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/track/${appeal.regNumber}`)

  // The approved answer is delivered by a background job within seconds; the citizen just reloads.
  const deadline = Date.now() + 20_000
  while ((await status.textContent())?.trim() !== 'Ответ направлен') {
    if (Date.now() > deadline)
      throw new Error(`за 20 с статус не стал «Ответ направлен»: ${await status.textContent()}`)
    await page.waitForTimeout(1500)
    await page.reload()
    await expect(status).toBeVisible()
  }
  await expect(page.getByTestId('public-answer')).toHaveText(answerText)
  await screen(page, 'track-answered')

  await page.getByRole('radio', { name: /^5 из 5/ }).check()
  await page.getByLabel('Комментарий (необязательно)').fill('Спасибо, всё сделали быстро.')
  await page.getByRole('button', { name: 'Отправить оценку' }).click()
  await expect(page.getByRole('heading', { name: 'Спасибо за оценку' })).toBeVisible()
  await screen(page, 'track-rated')
  await page.context().close()
})

test('Глава города видит сводку за сегодня', async ({ browser }) => {
  const page = await signIn(browser, 'head')
  await expect(page).toHaveURL(/\/dashboard/)
  const received = page.getByRole('region', { name: 'Поступило сегодня' }).getByTestId('tile-value')
  await expect(received).toBeVisible()
  expect(readNumber(await received.textContent())).toBeGreaterThanOrEqual(1)
  const rating = page.getByRole('region', { name: 'Средняя оценка сегодня' }).getByTestId('tile-value')
  const score = readNumber(await rating.textContent())
  expect(Number.isFinite(score)).toBe(true)
  expect(score).toBeGreaterThanOrEqual(1)
  expect(score).toBeLessThanOrEqual(5)
  await expect(page.locator('.chart svg').first()).toBeVisible()
  await screen(page, 'dashboard')
  await page.context().close()
})
