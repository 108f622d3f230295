import { answersRoutes } from './modules/answers/answers.routes'
import { interimAnswerRoutes } from './modules/answers/interim-answer.routes'
import { appealsRoutes } from './modules/appeals/appeals.routes'
import { attachmentsRoutes } from './modules/attachments/attachments.routes'
import { calendarRoutes } from './modules/calendar/calendar.routes'
import { deadLettersRoutes } from './modules/channels/dead-letters.routes'
import { dashboardRoutes } from './modules/dashboard/dashboard.routes'
import { deadlinesRoutes } from './modules/deadlines/deadlines.routes'
import { controlRoutes } from './modules/escalation/control.routes'
import { geoRoutes } from './modules/geo/geo.routes'
import { incidentsRoutes } from './modules/intake/incidents/incidents.routes'
import { posRoutes } from './modules/intake/pos/pos.routes'
import { telegramRoutes } from './modules/intake/telegram/telegram.routes'
import { webFormRoutes } from './modules/intake/web-form/web-form.routes'
import { notificationsRoutes } from './modules/notifications/notifications.routes'
import { orgRoutes } from './modules/org/org.routes'
import { referenceRoutes } from './modules/reference/reference.routes'
import { redirectRoutes } from './modules/routing/redirect.routes'
import { routingRoutes } from './modules/routing/routing.routes'
import { trackingRoutes } from './modules/tracking/tracking.routes'
import { usersRoutes } from './modules/users/users.routes'
import type { App, AppContext } from './platform/http'

/** Every API module, mounted under /api. A new module adds one line here. */
export async function registerRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/health', { schema: { tags: ['Служебное'], summary: 'Проверка работоспособности' } }, async () => {
    await ctx.database.pool.query('select 1')
    return { ok: true, database: ctx.database.mode }
  })
  for (const routes of [
    usersRoutes,
    referenceRoutes,
    geoRoutes,
    appealsRoutes,
    routingRoutes,
    orgRoutes,
    redirectRoutes,
    answersRoutes,
    trackingRoutes,
    dashboardRoutes,
    deadLettersRoutes,
    attachmentsRoutes,
    deadlinesRoutes,
    calendarRoutes,
    posRoutes,
    interimAnswerRoutes,
    incidentsRoutes,
    telegramRoutes,
    webFormRoutes,
    notificationsRoutes,
    controlRoutes,
  ]) {
    await routes(app, ctx)
  }
}
