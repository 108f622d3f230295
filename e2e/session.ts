import { type Browser, type BrowserContextOptions, expect, type Page } from '@playwright/test'

/*
 * Signing in for the browser tests: one way for every spec. The demo city's users share one password
 * (server/modules/demo/seed.ts); each login is a role (operator, coordinator, executor, admin, head, …).
 */

export const DEMO_PASSWORD = 'veche-demo'

/** Fails the test on any uncaught script error of the page, with the message in Russian. */
export function failOnPageError(page: Page): Page {
  page.on('pageerror', (error) => {
    throw new Error(`Ошибка скрипта на странице: ${error.message}`)
  })
  return page
}

/** A fresh browser context (its own cookies) and a page in it that fails the test on a script error. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  return failOnPageError(await (await browser.newContext(options)).newPage())
}

/** Signs `page` in through the login form as a demo user and waits for the staff header. */
export async function signInPage(page: Page, login: string): Promise<Page> {
  await page.goto('/login')
  await page.getByLabel('Логин').fill(login)
  await page.getByLabel('Пароль').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Войти' }).click()
  await expect(page).not.toHaveURL(/\/login/)
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible()
  return page
}

/** A new signed-in page of its own context, for tests with several users at once. */
export async function signIn(browser: Browser, login: string): Promise<Page> {
  return signInPage(await openPage(browser), login)
}
