import type { RoleCode } from '../../../../../common/domain'

/** Staff areas of the UI; each route and nav link belongs to one. */
export type Area =
  | 'queue'
  | 'register'
  | 'dashboard'
  | 'review'
  | 'deadLetters'
  | 'control'
  | 'orgs'
  | 'calendar'

const AREA_ROLES: Record<Area, readonly RoleCode[]> = {
  queue: ['operator', 'coordinator', 'executor', 'unit_head', 'deputy', 'head', 'cur_viewer', 'admin'],
  register: ['operator', 'coordinator', 'admin'],
  dashboard: ['head', 'deputy', 'cur_viewer', 'coordinator', 'admin'],
  review: ['operator', 'coordinator'],
  deadLetters: ['operator', 'coordinator', 'admin'],
  control: ['operator', 'coordinator', 'admin', 'head', 'deputy'],
  orgs: ['operator', 'coordinator', 'admin'],
  calendar: ['coordinator', 'admin'],
}

/** Whether a role may open an area (the server still checks every request). */
export function canAccess(role: RoleCode, area: Area): boolean {
  return AREA_ROLES[area].includes(role)
}

/** The title of the appeals list as this role sees it. */
export function queueTitleFor(role: RoleCode): string {
  if (role === 'executor' || role === 'unit_head') return 'Обращения подразделения'
  if (canAccess(role, 'register')) return 'Очередь обращений'
  return 'Реестр обращений'
}

/** Where a role lands after signing in. */
export function homePathFor(role: RoleCode): string {
  if (role === 'head' || role === 'deputy' || role === 'cur_viewer') return '/dashboard'
  return '/queue'
}

export type NavItem = { to: string; label: string; area: Area }

const NAV: NavItem[] = [
  { to: '/queue', label: 'Обращения', area: 'queue' },
  { to: '/appeals/new', label: 'Новое обращение', area: 'register' },
  { to: '/review', label: 'Проверка', area: 'review' },
  { to: '/dashboard', label: 'Сводка', area: 'dashboard' },
  { to: '/control', label: 'Контроль сроков', area: 'control' },
  { to: '/dead-letters', label: 'Недоставленное', area: 'deadLetters' },
  { to: '/orgs', label: 'Организации', area: 'orgs' },
  { to: '/matrix', label: 'Матрица ответственности', area: 'orgs' },
  { to: '/calendar', label: 'Календарь', area: 'calendar' },
]

/** Header links the role may use, in display order (home first). */
export function navItemsFor(role: RoleCode): NavItem[] {
  const items = NAV.filter((item) => canAccess(role, item.area))
  const home = homePathFor(role)
  return [...items.filter((i) => i.to === home), ...items.filter((i) => i.to !== home)]
}

/** Only same-site paths are accepted as a post-login destination. */
export function safeNextPath(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return null
  return next
}
