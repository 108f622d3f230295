import fs from 'node:fs'
import zlib from 'node:zlib'
import { type Browser, type BrowserContextOptions, expect, type Page, test } from '@playwright/test'
import { openPage as openFreshPage } from './session'

/**
 * The citizen portal in the browser: a resident fills the form on a phone with a photo and a <script>
 * in the text, gets a number and a code, opens the tracking page; an operator then sees the photo and
 * the text, shown as text, on the card.
 */

test.describe.configure({ mode: 'serial' })

const SCREENS = 'test-results/screens'
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
}
const token = `WEB${Date.now().toString(36).toUpperCase()}`
const appealText =
  `Обращение ${token}. <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> ` +
  'Во дворе дома на улице Ленина третью неделю стоит огромная лужа, пройти к подъезду нельзя.'
const appeal = { regNumber: '', code: '' }
let screenNo = 0

fs.mkdirSync(SCREENS, { recursive: true })

async function screen(page: Page, name: string) {
  screenNo += 1
  await page.screenshot({
    path: `${SCREENS}/web-form-${String(screenNo).padStart(2, '0')}-${name}.png`,
    fullPage: true,
  })
}

/** A fresh context that fails the test on any uncaught script error or an unexpected dialog. */
async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await openFreshPage(browser, options)
  page.on('dialog', (dialog) => {
    throw new Error(`Неожиданный диалог (внедрённый скрипт?): ${dialog.message()}`)
  })
  return page
}

/** A real 64×48 PNG (a red and blue split), made here so the test ships no binary fixture. */
function makePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, sum])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows: Buffer[] = []
  for (let y = 0; y < height; y++) {
    const row = [0]
    for (let x = 0; x < width; x++) row.push(...(x < width / 2 ? [210, 40, 40] : [40, 80, 200]))
    rows.push(Buffer.from(row))
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

test('житель подаёт обращение с телефона: фото, адрес из подсказок, согласие — и получает номер', async ({
  browser,
}) => {
  const page = await openPage(browser, PHONE)
  // The portal is reachable from the public pages.
  await page.goto('/track')
  await page.getByRole('link', { name: 'Подать обращение' }).click()
  await expect(page).toHaveURL(/\/submit$/)
  await expect(page.getByRole('heading', { name: 'Сообщить о проблеме' })).toBeVisible()
  await screen(page, 'empty')

  // Sending an empty form shows the problems next to the fields, in Russian.
  await page.getByRole('button', { name: 'Отправить обращение' }).click()
  await expect(page.locator('#text-error')).toContainText('Опишите проблему')
  await expect(page.locator('#consent-error')).toContainText('согласия')
  await expect(page.getByLabel('Текст обращения')).toBeFocused()

  await page.getByLabel('Текст обращения').fill(appealText)
  await expect(page.locator('#text-counter')).toContainText(`${appealText.length}`)
  await page.getByRole('radio', { name: 'ЖКХ', exact: true }).check()

  // The address comes from the city's street list.
  const address = page.getByRole('combobox', { name: 'Адрес или место' })
  await address.fill('больш сов')
  const option = page.getByRole('option', { name: /ул\. Большая Советская/ })
  await expect(option).toBeVisible()
  await address.press('ArrowDown')
  await address.press('Enter')
  await expect(address).toHaveValue('ул. Большая Советская, ')
  await address.pressSequentially('12')

  // An optional pin on the map.
  await page.getByRole('button', { name: 'Отметить на карте' }).click()
  const map = page.getByRole('application', { name: /Карта города/ })
  await expect(map).toBeVisible()
  await map.click({ position: { x: 200, y: 150 } })
  await expect(page.getByTestId('picked-point')).toBeVisible()

  // A photo: previewed before sending; an EXE named .png is refused at once.
  const files = page.locator('#files')
  await files.setInputFiles({ name: 'лужа.png', mimeType: 'image/png', buffer: makePng(64, 48) })
  await expect(page.getByRole('img', { name: 'Фото: лужа.png' })).toBeVisible()
  await files.setInputFiles({
    name: 'virus.png',
    mimeType: 'image/png',
    buffer: Buffer.concat([Buffer.from('MZ\x90\0', 'latin1'), Buffer.alloc(64)]),
  })
  await expect(page.locator('.photo-errors')).toContainText('«virus.png» не фотография')
  await expect(page.getByRole('list', { name: 'Выбранные файлы' }).getByRole('listitem')).toHaveCount(1)

  await page.getByLabel('Фамилия, имя, отчество').fill('Петрова Анна Сергеевна')
  await page.getByLabel('Электронная почта').fill('anna.petrova@example.ru')
  await page.getByLabel('Телефон (необязательно)').fill('+7 (910) 555-12-34')
  await page.getByRole('checkbox', { name: /Согласен/ }).check()
  await screen(page, 'filled')

  await page.getByRole('button', { name: 'Отправить обращение' }).click()
  await expect(page.getByRole('heading', { name: 'Обращение зарегистрировано' })).toBeVisible({
    timeout: 20_000,
  })
  appeal.regNumber = (await page.getByTestId('reg-number').textContent()) ?? ''
  appeal.code = (await page.getByTestId('tracking-code').textContent()) ?? ''
  expect(appeal.regNumber).toMatch(/-\d{4}-\d{6}$/)
  expect(appeal.code).toMatch(/^\d{6}$/)
  // The text is shown back as typed: the tags are text, not markup.
  await page.getByText('Текст обращения').click()
  await expect(page.getByTestId('submitted-text')).toHaveText(appealText)
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined()
  await screen(page, 'registered')

  // The tracking link opens the citizen's page with the status.
  await page.getByRole('link', { name: 'Открыть страницу обращения' }).click()
  await expect(page).toHaveURL(
    new RegExp(`/track/${encodeURIComponent(appeal.regNumber)}\\?code=${appeal.code}`),
  )
  await expect(page.getByTestId('public-status')).toBeVisible()
  await expect(page.getByText(`Обращение ${appeal.regNumber}`)).toBeVisible()
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined()
  await screen(page, 'tracking')
  await page.context().close()
})

test('оператор видит фотографию и текст обращения с портала в карточке', async ({ browser }) => {
  test.skip(!appeal.regNumber, 'обращение не было подано')
  const page = await openPage(browser)
  await page.goto('/login')
  await page.getByLabel('Логин').fill('operator')
  await page.getByLabel('Пароль').fill('veche-demo')
  await page.getByRole('button', { name: 'Войти' }).click()
  await expect(page).toHaveURL(/\/queue/)
  await page.getByRole('searchbox', { name: /Поиск/ }).fill(appeal.regNumber)
  // The new appeal is on the unfiltered list too: wait until the debounced search has narrowed the
  // list to it, or the click may land on a row that the refreshed list then replaces.
  await expect(page.getByRole('row')).toHaveCount(2)
  await page.getByRole('link', { name: appeal.regNumber }).click()
  await expect(page.getByRole('heading', { name: `Обращение ${appeal.regNumber}` })).toBeVisible()
  await expect(page.locator('.appeal-text')).toHaveText(appealText)
  const photo = page.getByRole('img', { name: 'Фото заявителя: лужа.png' })
  await expect(photo).toBeVisible()
  // The image really loaded (the file endpoint served a PNG to the signed-in operator).
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64)
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined()
  await screen(page, 'card')
  await page.context().close()
})
