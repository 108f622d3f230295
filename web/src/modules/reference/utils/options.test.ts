import { describe, expect, it } from 'vitest'
import type { Unit } from '../api/reference'
import { codeNameOptions, unitOptions } from './options'

describe('select options', () => {
  it('uses the code as value and the name as label', () => {
    expect(codeNameOptions([{ code: 'zkh', name: 'ЖКХ' }])).toEqual([{ value: 'zkh', label: 'ЖКХ' }])
  })

  it('uses the unit id as value, the short name as label and the full name as title', () => {
    const unit: Unit = {
      id: 7,
      code: 'ugkh',
      name: 'Управление ЖКХ',
      shortName: 'УЖКХ',
      sectors: ['zkh'],
      level: null,
      kind: null,
    }
    expect(unitOptions([unit])).toEqual([{ value: '7', label: 'УЖКХ', title: 'Управление ЖКХ' }])
  })
})
