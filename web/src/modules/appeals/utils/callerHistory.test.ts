import { describe, expect, it } from 'vitest'
import { callerLookup, callerLookupKey, completePhone, countLetters } from './callerHistory'

describe('countLetters', () => {
  it('counts only the letters of a name', () => {
    expect(countLetters(' Ив. ')).toBe(2)
    expect(countLetters('Иванов-Петров')).toBe(12)
  })
})

describe('completePhone', () => {
  it('reads any Russian format as the 10-digit number', () => {
    for (const typed of [
      '8 (910) 123-45-67',
      '+7 910 123 45 67',
      '+79101234567',
      '89101234567',
      '9101234567',
    ])
      expect(completePhone(typed)).toBe('9101234567')
  })

  it('waits for the last digit when the number starts with +7 or 8', () => {
    expect(completePhone('+7 910 123 45 6')).toBeNull()
    expect(completePhone('8 (910) 123-45-6')).toBeNull()
    expect(completePhone('910 123 45 6')).toBeNull()
    expect(completePhone('')).toBeNull()
  })

  it('rejects numbers that are too long or foreign', () => {
    expect(completePhone('9101234567 8')).toBeNull()
    expect(completePhone('+375 29 123 45 67')).toBeNull()
  })
})

describe('callerLookup', () => {
  it('asks nothing until the phone is complete or the name has three letters', () => {
    expect(callerLookup('', '')).toBeNull()
    expect(callerLookup('+7 910 12', 'Ив')).toBeNull()
    expect(callerLookup('', ' И. в. ')).toBeNull()
  })

  it('sends the normalised phone and the name with spaces tidied', () => {
    expect(callerLookup('8 (910) 123-45-67', 'Ив')).toEqual({ phone: '+79101234567' })
    expect(callerLookup('', '  Иванов   Иван ')).toEqual({ name: 'Иванов Иван' })
    expect(callerLookup('9101234567', 'Ива')).toEqual({ phone: '+79101234567', name: 'Ива' })
  })

  it('gives the same key to lookups that find the same appeals', () => {
    const key = (phone: string, name: string) => {
      const lookup = callerLookup(phone, name)
      return lookup && callerLookupKey(lookup)
    }
    expect(key('+7 (910) 123-45-67', 'иванов')).toBe(key('8 910 1234567', ' Иванов '))
    expect(key('+7 (910) 123-45-67', 'Ив')).toBe(key('9101234567', ''))
    expect(key('9101234567', 'Иванов')).not.toBe(key('9101234567', 'Иванова'))
  })
})
