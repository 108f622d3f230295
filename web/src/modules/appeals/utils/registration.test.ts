import { describe, expect, it } from 'vitest'
import { emptyApplicant, emptyRegistration, toRegisterInput, validateRegistration } from './registration'

describe('toRegisterInput', () => {
  it('trims values, drops empty fields and empty co-author blocks', () => {
    const draft = emptyRegistration()
    draft.text = '  Протекает крыша над подъездом  '
    draft.applicants[0] = { ...draft.applicants[0], fullName: ' Иванов Иван ', phone: '', email: ' ' }
    draft.applicants.push(emptyApplicant())
    draft.addressText = '   '
    expect(toRegisterInput(draft)).toEqual({
      regime: 'fz59',
      channel: 'phone',
      text: 'Протекает крыша над подъездом',
      applicants: [{ fullName: 'Иванов Иван' }],
      urgent: false,
    })
  })

  it('always sends one applicant, empty for an anonymous message', () => {
    const draft = { ...emptyRegistration(), regime: 'message' as const, text: 'Яма на дороге' }
    expect(toRegisterInput(draft).applicants).toEqual([{}])
  })

  it('sends the map point rounded to 6 digits together with district, sector and topic', () => {
    const draft = {
      ...emptyRegistration(),
      text: 'Нет света',
      lat: 54.782612345678,
      lon: 32.045312345678,
      districtCode: 'leninsky',
      sectorCode: 'housing',
      topicCode: 'housing_light',
      urgent: true,
    }
    expect(toRegisterInput(draft)).toMatchObject({
      lat: 54.782612,
      lon: 32.045312,
      districtCode: 'leninsky',
      sectorCode: 'housing',
      topicCode: 'housing_light',
      urgent: true,
    })
  })
})

describe('validateRegistration', () => {
  it('asks for the text only', () => {
    expect(validateRegistration(emptyRegistration())).toEqual({ text: 'Введите текст обращения.' })
    expect(validateRegistration({ ...emptyRegistration(), text: 'Текст' })).toEqual({})
  })
})
