import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { failOnPageError, signInPage } from './session'

/**
 * «Не наша компетенция — в другой орган»: an operator redirects a 59-ФЗ appeal to the regional housing
 * inspection from the card; the citizen's tracking page shows the notice of the redirect.
 */

const SCREENS = 'test-results/screens'
fs.mkdirSync(SCREENS, { recursive: true })

test('оператор переадресует обращение в ГЖИ, заявитель видит уведомление', async ({ page }) => {
  failOnPageError(page)
  await signInPage(page, 'operator')
  const res = await page.request.post('/api/appeals', {
    data: {
      regime: 'fz59',
      channel: 'phone',
      text: `Управляющая компания не делает перерасчёт за некачественную уборку подъезда (${Date.now()})`,
      applicants: [{ fullName: 'Петрова Мария Ивановна', phone: '+7 910 000-33-44' }],
    },
  })
  expect(res.status(), await res.text()).toBe(201)
  const { appeal, trackingCode } = await res.json()

  await page.goto(`/appeals/${appeal.id}`)
  await page.getByText('Не наша компетенция — в другой орган').click()
  await expect(page.getByText(/Переадресовать до \d{2}\.\d{2}\.\d{4} включительно/)).toBeVisible()
  await page.getByRole('checkbox', { name: /Государственная жилищная инспекция/ }).check()
  await page
    .getByLabel('Почему вопрос не относится к компетенции города')
    .fill('Надзор за управляющими компаниями — полномочие жилищной инспекции области')
  await page.screenshot({ path: `${SCREENS}/redirect-01-form.png`, fullPage: true })
  await page.getByRole('button', { name: 'Переадресовать' }).click()
  await expect(page.locator('.page-head').getByText('Перенаправлено')).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/redirect-02-card.png`, fullPage: true })

  await page.goto('/track')
  await page.getByLabel('Номер обращения').fill(appeal.regNumber)
  await page.getByLabel('Код (6 цифр)').fill(trackingCode)
  await page.getByRole('button', { name: 'Проверить' }).click()
  await expect(page.getByText(/частью 3 статьи 8 Федерального закона/)).toBeVisible()
  await expect(page.getByText(/Надзор за управляющими компаниями/)).toHaveCount(0)
  await page.screenshot({ path: `${SCREENS}/redirect-03-track.png`, fullPage: true })
})
