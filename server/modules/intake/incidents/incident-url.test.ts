import { describe, expect, it } from 'vitest'
import {
  canonicalIncidentUrl,
  IncidentUrlError,
  parseVkWallUrl,
  platformOfUrl,
  vkPageUrl,
  vkWallUrl,
} from './incident-url'

describe('canonicalIncidentUrl', () => {
  const cases: [string, string][] = [
    ['https://vk.com/wall-123_45', 'https://vk.com/wall-123_45'],
    ['http://m.vk.com/wall-123_45?utm_source=share&utm_medium=tg', 'https://vk.com/wall-123_45'],
    ['HTTPS://WWW.VK.COM/wall-123_45/', 'https://vk.com/wall-123_45'],
    ['vk.com/wall-123_45?reply=678', 'https://vk.com/wall-123_45?reply=678'],
    [
      'https://m.vk.com/wall-123_45?reply=678&thread=600&from=feed#comments',
      'https://vk.com/wall-123_45?reply=678',
    ],
    ['https://vk.ru/wall-1_2?reply=3', 'https://vk.com/wall-1_2?reply=3'],
    ['https://vk.com/smolensk_adm?w=wall-123_45', 'https://vk.com/wall-123_45'],
    ['https://vk.com/club123', 'https://vk.com/club123'],
    ['https://m.ok.ru/group/5123/topic/1567?utm_campaign=x', 'https://ok.ru/group/5123/topic/1567'],
    [
      'https://ok.ru/group/5123/topic/1567?commentId=99&st.cmd=x',
      'https://ok.ru/group/5123/topic/1567?commentId=99',
    ],
    ['https://telegram.me/smolensk_news/1234?single', 'https://t.me/smolensk_news/1234'],
    ['https://t.me/s/smolensk_news/1234', 'https://t.me/smolensk_news/1234'],
    ['https://t.me/smolensk_news/1234?comment=77', 'https://t.me/smolensk_news/1234?comment=77'],
    ['https://Example.org/news/1?b=2&utm_term=x&a=1', 'https://example.org/news/1?a=1&b=2'],
  ]
  for (const [raw, canonical] of cases) {
    it(`${raw} → ${canonical}`, () => expect(canonicalIncidentUrl(raw)).toBe(canonical))
  }
  it('is idempotent', () => {
    for (const [, canonical] of cases) expect(canonicalIncidentUrl(canonical)).toBe(canonical)
  })
  it('refuses what is not an http(s) link, in Russian', () => {
    for (const bad of ['', '   ', 'ftp://vk.com/wall-1_2', 'javascript:alert(1)', 'http://']) {
      expect(() => canonicalIncidentUrl(bad)).toThrow(IncidentUrlError)
      try {
        canonicalIncidentUrl(bad)
      } catch (e) {
        expect((e as Error).message).toMatch(/[а-я]/)
      }
    }
  })
})

describe('VK addresses', () => {
  it('parses posts and comments', () => {
    expect(parseVkWallUrl('https://m.vk.com/wall-1_2?reply=3')).toEqual({
      ownerId: -1,
      postId: 2,
      commentId: 3,
    })
    expect(parseVkWallUrl('vk.com/wall77_8')).toEqual({ ownerId: 77, postId: 8, commentId: null })
    expect(parseVkWallUrl('https://vk.com/club1')).toBeNull()
    expect(parseVkWallUrl('https://t.me/x/1')).toBeNull()
  })
  it('builds canonical URLs', () => {
    expect(vkWallUrl(-1, 2, 3)).toBe('https://vk.com/wall-1_2?reply=3')
    expect(vkWallUrl(-1, 2)).toBe('https://vk.com/wall-1_2')
    expect(vkPageUrl(-5)).toBe('https://vk.com/club5')
    expect(vkPageUrl(5)).toBe('https://vk.com/id5')
  })
  it('knows the platform of a URL', () => {
    expect(platformOfUrl('https://m.vk.com/wall-1_2')).toBe('vk')
    expect(platformOfUrl('ok.ru/group/1')).toBe('ok')
    expect(platformOfUrl('https://telegram.me/a/1')).toBe('telegram')
    expect(platformOfUrl('https://example.org')).toBeNull()
    expect(platformOfUrl('not a url at all')).toBeNull()
  })
})
