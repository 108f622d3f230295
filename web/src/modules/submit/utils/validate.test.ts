import { describe, expect, it } from 'vitest'
import { fileProblem, sniffKind } from './files'
import { emptyDraft, newClientId, toFormData, validateDraft } from './validate'

const limits = {
  maxFiles: 5,
  maxFileBytes: 10 * 1024 * 1024,
  accept: [],
  textMinLength: 5,
  textMaxLength: 20_000,
}

describe('the portal form checks what the server checks', () => {
  it('asks for text, a name of two words, an address for the answer and the consent', () => {
    expect(Object.keys(validateDraft(emptyDraft(), limits)).sort()).toEqual(
      ['consent', 'email', 'fullName', 'postalAddress', 'text'].sort(),
    )
    const ok = {
      ...emptyDraft(),
      text: 'Яма на дороге',
      fullName: 'Иванов Иван',
      email: 'a@b.ru',
      consent: true,
    }
    expect(validateDraft(ok, limits)).toEqual({})
    expect(validateDraft({ ...ok, email: '', postalAddress: 'ул. Ленина, 5' }, limits)).toEqual({})
    expect(validateDraft({ ...ok, email: 'не-почта' }, limits)).toHaveProperty('email')
  })

  it('tells a file type by its first bytes, not by its name', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0])
    expect(sniffKind(png)).toBe('image/png')
    expect(sniffKind(exe)).toBeNull()
    const file = new File([exe], 'photo.png')
    expect(fileProblem(file, null, limits.maxFileBytes)).toMatch(/«photo.png» не фотография/)
    expect(fileProblem(new File([png], 'a.png'), 'image/png', 5)).toMatch(/больше/)
  })

  it('sends every field the server expects and a UUID v4 per fill', () => {
    const id = newClientId()
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const form = toFormData({ ...emptyDraft(), lat: 54.78, lon: 32.05, consent: true }, 'tok', id, [])
    expect([...form.keys()]).toEqual([
      'text',
      'sectorHint',
      'addressText',
      'lat',
      'lon',
      'fullName',
      'phone',
      'email',
      'postalAddress',
      'consent',
      'token',
      'website',
      'clientId',
    ])
    expect(form.get('consent')).toBe('true')
  })
})
