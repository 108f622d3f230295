import { describe, expect, it } from 'vitest'
import { distanceMeters, pointInRing } from './geo.service'

describe('geometry', () => {
  const square: [number, number][] = [
    [32, 54.7],
    [32.1, 54.7],
    [32.1, 54.8],
    [32, 54.8],
    [32, 54.7],
  ]
  it('finds points inside and outside a ring', () => {
    expect(pointInRing(32.05, 54.75, square)).toBe(true)
    expect(pointInRing(32.15, 54.75, square)).toBe(false)
    expect(pointInRing(32.05, 54.85, square)).toBe(false)
  })
  it('measures short distances in metres', () => {
    // One hundredth of a degree of latitude is about 1.11 km.
    expect(distanceMeters(54.78, 32.04, 54.79, 32.04)).toBeGreaterThan(1100)
    expect(distanceMeters(54.78, 32.04, 54.79, 32.04)).toBeLessThan(1125)
  })
})
