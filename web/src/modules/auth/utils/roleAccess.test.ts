import { describe, expect, it } from 'vitest'
import { canAccess, homePathFor, navItemsFor, safeNextPath } from './roleAccess'

describe('role access', () => {
  it('sends each role to its home', () => {
    expect(homePathFor('operator')).toBe('/queue')
    expect(homePathFor('executor')).toBe('/queue')
    expect(homePathFor('head')).toBe('/dashboard')
    expect(homePathFor('cur_viewer')).toBe('/dashboard')
  })

  it('shows only the areas a role may use, home first', () => {
    expect(navItemsFor('executor').map((i) => i.to)).toEqual(['/queue'])
    expect(navItemsFor('head').map((i) => i.to)).toEqual(['/dashboard', '/queue', '/control'])
    expect(canAccess('operator', 'dashboard')).toBe(false)
    expect(canAccess('coordinator', 'register')).toBe(true)
  })

  it('shows «Недоставленное» to those who may replay it (operator, coordinator, admin)', () => {
    expect(navItemsFor('operator').map((i) => i.to)).toContain('/dead-letters')
    expect(navItemsFor('coordinator').map((i) => i.to)).toContain('/dead-letters')
    expect(navItemsFor('admin').map((i) => i.to)).toContain('/dead-letters')
    expect(navItemsFor('admin').map((i) => i.to)).toContain('/calendar')
    expect(navItemsFor('operator').map((i) => i.to)).not.toContain('/calendar')
    for (const role of ['executor', 'unit_head', 'head', 'deputy', 'cur_viewer'] as const)
      expect(canAccess(role, 'deadLetters')).toBe(false)
  })

  it('shows «Контроль сроков» to the МЦУ, the head and deputies, not to executors', () => {
    for (const role of ['operator', 'coordinator', 'admin', 'head', 'deputy'] as const)
      expect(canAccess(role, 'control')).toBe(true)
    for (const role of ['executor', 'unit_head', 'cur_viewer'] as const)
      expect(canAccess(role, 'control')).toBe(false)
  })

  it('accepts only same-site paths after login', () => {
    expect(safeNextPath('/appeals/5')).toBe('/appeals/5')
    expect(safeNextPath('//evil.example')).toBeNull()
    expect(safeNextPath('https://evil.example')).toBeNull()
    expect(safeNextPath('/login?next=/queue')).toBeNull()
    expect(safeNextPath(null)).toBeNull()
  })
})
