import { describe, expect, it } from 'vitest'
import { type ChannelInfoItem, channelInfo } from './channel-info'

const names = { sectorName: (code: string) => ({ roads: 'Дороги', housing: 'ЖКХ' })[code] }
const info = (channel: string, meta: Record<string, unknown>, id = 42) =>
  channelInfo({ id, channel, meta }, names)
const asMap = (items: ChannelInfoItem[]) => Object.fromEntries(items.map((i) => [i.label, i.value]))

/** Every value a citizen could be identified by, in the metas below: none may appear in the output. */
const PERSONAL = ['Иванов', 'ivanov', '+7910', '123456789', '987654', 'dev-77', 'acc-5', '@ivan']

function expectNoPersonalData(items: ChannelInfoItem[]) {
  const all = JSON.stringify(items)
  for (const value of PERSONAL) expect(all).not.toContain(value)
}

describe('channelInfo', () => {
  it('ПОС: message id, organisation, rubric, 59-ФЗ, where the citizen came from', () => {
    const items = info('pos', {
      pos: {
        posId: 'POS-1001',
        opaId: 'OPA-7',
        category: 'Дороги',
        subcategory: 'Ямы',
        fz59: true,
        utm: { source: 'vk', campaign: '1026700000000' },
        attachments: [{ name: 'a.jpg', url: 'https://pos.example/a.jpg' }],
        address: { text: 'ул. Ленина, 1' },
      },
    })
    expect(asMap(items)).toEqual({
      'ПОС: номер сообщения': 'POS-1001',
      'ПОС: организация (opaId)': 'OPA-7',
      'ПОС: рубрика': 'Дороги / Ямы',
      'По 59-ФЗ (через ЕПГУ)': 'да',
      'ПОС: откуда пришёл заявитель': 'vk',
      'ПОС: вложений по ссылкам': '1',
    })
    expect(asMap(info('pos', { pos: { posId: 'P2', fz59: false } }))['По 59-ФЗ (через ЕПГУ)']).toBe('нет')
  })

  it('web form: the category hint by name and the consent time in Moscow time', () => {
    const items = info('web', {
      sectorHint: 'roads',
      consentAt: '2026-03-02T09:05:00.000Z',
      consentTextVersion: 'v1',
      formFilledSeconds: 95,
    })
    expect(asMap(items)).toEqual({
      'Подсказка категории от заявителя': 'Дороги',
      'Согласие на обработку ПДн': '02.03.2026, 12:05 (МСК), текст v1',
    })
    // An unknown code is shown as is rather than hidden.
    expect(asMap(info('web', { sectorHint: 'parks' }))['Подсказка категории от заявителя']).toBe('parks')
  })

  it('incident: post and госпаблик as links, reposts, noise reasons; no author', () => {
    const items = info('vk', {
      incident: {
        platform: 'vk',
        url: 'https://vk.com/wall-1_2?reply=3',
        publicPageUrl: 'https://vk.com/smolensk_adm',
        authorHandle: '@ivan',
        authorName: 'Иван Иванов',
        publishedAt: '2026-05-01T21:30:00Z',
        reposts: 3,
        repostUrls: ['https://vk.com/wall-5_6'],
      },
      noise: { reasons: ['реклама', 'ссылка на сторонний сайт'], by: 'rules-v1' },
      vk: { ownerId: -1, postId: 2, commentId: 3, fromId: 123456789 },
    })
    expect(items).toContainEqual({
      label: 'Публикация',
      value: 'пост во ВКонтакте',
      href: 'https://vk.com/wall-1_2?reply=3',
    })
    expect(items).toContainEqual({
      label: 'Госпаблик',
      value: 'vk.com/smolensk_adm',
      href: 'https://vk.com/smolensk_adm',
    })
    expect(asMap(items)).toMatchObject({
      Опубликовано: '02.05.2026, 00:30 (МСК)',
      Репостов: '3',
      'Отмечено как шум': 'реклама; ссылка на сторонний сайт',
    })
    expectNoPersonalData(items)
  })

  it('Telegram: the chat without ids; a media group is mentioned', () => {
    const items = info('telegram', {
      telegram: { chatId: 987654, userId: 987654, messageId: 5, mediaGroupId: '1357' },
    })
    expect(asMap(items)).toEqual({
      Telegram: 'чат с ботом МЦУ',
      'Telegram: альбом': 'несколько фото одним сообщением',
    })
    expectNoPersonalData(items)
  })

  it('e-mail: the subject and refused files, never the sender', () => {
    const items = info('email', {
      email: {
        messageId: '<m1@mail.ru>',
        subject: 'Яма во дворе',
        from: { address: 'ivanov@mail.ru', name: 'Иванов И.' },
        references: [],
        refusedFiles: [{ fileName: 'x.exe', reason: 'тип файла не принимается' }],
      },
    })
    expect(asMap(items)).toEqual({ 'Тема письма': 'Яма во дворе', 'Не принято вложений': '1' })
    expectNoPersonalData(items)
  })

  it('import: the old number; Open311: the request id, client, service and photo link', () => {
    expect(asMap(info('import', { import: { legacyNumber: 'Ж-2019-17' } }))).toEqual({
      'Номер в прежней системе': 'Ж-2019-17',
    })
    const items = info(
      'open311',
      {
        open311: {
          client: 'smolensk-app',
          serviceCode: 'pothole',
          deviceId: 'dev-77',
          accountId: 'acc-5',
          mediaUrl: 'https://img.example/1.jpg',
        },
      },
      314,
    )
    expect(asMap(items)).toEqual({
      'Open311: номер заявки (service_request_id)': '314',
      'Open311: приложение': 'smolensk-app',
      'Open311: услуга (service_code)': 'pothole',
      'Open311: фото': 'по ссылке',
    })
    expectNoPersonalData(items)
  })

  it('tolerates odd meta: nothing for empty or malformed values, no javascript: links', () => {
    expect(info('phone', {})).toEqual([])
    expect(channelInfo({ id: 1, channel: 'phone', meta: null }, names)).toEqual([])
    const items = info('vk', {
      pos: 'not an object',
      incident: { url: 'javascript:alert(1)', publicPageUrl: 'not a url', reposts: -2, publishedAt: 'вчера' },
      noise: { reasons: 'реклама' },
      import: { legacyNumber: '   ' },
    })
    expect(items).toEqual([])
  })

  it('marks demo appeals', () => {
    expect(info('phone', { demo: true })).toEqual([
      { label: 'Происхождение', value: 'демонстрационное обращение' },
    ])
  })
})
