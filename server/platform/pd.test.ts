import { describe, expect, it } from 'vitest'
import { maskEmail, maskName, maskPhone, maskPostalAddress, normalizePhone } from './pd'

describe('personal data masking', () => {
  it.each([
    ['Иванов Иван Петрович', 'И*** И. П.'],
    ['петрова анна', 'П*** А.'],
    ['Сидоров', 'С***'],
    ['@ivan_smol', '@i***'],
    [null, null],
  ])('maskName(%s) = %s', (input, out) => expect(maskName(input)).toBe(out))

  it('masks phones, e-mails and flat numbers', () => {
    expect(maskPhone('+7 (910) 123-45-67')).toBe('+7 *** ***-**-67')
    expect(maskEmail('ivan.petrov@mail.ru')).toBe('i***@mail.ru')
    expect(maskPostalAddress('ул. Ленина, д. 5, кв. 17')).toBe('ул. Ленина, д. 5')
    expect(maskPostalAddress('ул. Ленина, д. 5 квартира 3')).toBe('ул. Ленина, д. 5')
  })

  it('normalises Russian phone numbers', () => {
    expect(normalizePhone('8 (910) 555-12-34')).toBe('+79105551234')
    expect(normalizePhone('+7 910 555 12 34')).toBe('+79105551234')
    expect(normalizePhone('9105551234')).toBe('+79105551234')
    expect(normalizePhone('12345')).toBeNull()
  })
})
