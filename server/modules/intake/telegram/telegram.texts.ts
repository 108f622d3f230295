/** What the bot says, in one place: the citizen reads these in the chat. */

/** How long after an appeal a location or a photo without caption still joins it. */
export const FOLLOW_UP_MINUTES = 30

export const START_TEXT = [
  'Здравствуйте! Это бот Муниципального центра управления города.',
  'Здесь можно сообщить о проблеме: яма на дороге, не вывезен мусор, нет отопления, не горит фонарь.',
  '',
  'Как сообщить:',
  '• опишите проблему одним сообщением — что случилось и где (адрес, ориентир);',
  '• можно отправить фото с подписью — подпись станет текстом обращения;',
  `• в течение ${FOLLOW_UP_MINUTES} минут пришлите геопозицию (📎 → Геопозиция) и ещё фото — они добавятся к обращению.`,
  '',
  'Мы сразу пришлём регистрационный номер и ссылку для отслеживания. О ходе рассмотрения и ответе бот сообщит здесь же, а после ответа попросит его оценить.',
  'Проверить обращение: /status <номер>, например /status С-2026-000123.',
  '',
  'Отправляя сообщение, вы соглашаетесь на обработку ваших персональных данных (имя и имя пользователя в Telegram, текст, фото, место) Муниципальным центром управления для рассмотрения обращения в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных». Сообщения в боте рассматриваются в порядке работы МЦУ; официальное обращение по 59-ФЗ можно подать письменно или на портале Госуслуг.',
].join('\n')

export const TOO_SHORT_TEXT =
  'Опишите проблему подробнее — хотя бы несколько слов: что случилось и где. Например: «Во дворе дома 5 на ул. Ленина не горит фонарь».'

export const ASK_DESCRIPTION_FOR_PHOTO =
  'Фото получено. Теперь опишите проблему текстом: что случилось и где (адрес или ориентир). Фото будет приложено к обращению.'

export const ASK_DESCRIPTION_FOR_PLACE =
  'Геопозиция получена. Теперь опишите проблему текстом: что случилось. Место будет указано в обращении.'

export const UNSUPPORTED_MESSAGE =
  'Бот принимает текст, фото (в том числе файлом) и геопозицию. Опишите проблему текстом — что случилось и где.'

export const STATUS_USAGE = 'Укажите номер обращения: /status С-2026-000123'

export const STATUS_NOT_FOUND =
  'Обращение с таким номером не найдено среди отправленных из этого чата. Проверьте номер, например: /status С-2026-000123'

export const PRIVATE_ONLY = 'Напишите боту в личные сообщения — так обращение и ответ увидите только вы.'

export const RATE_PROMPT = 'Оцените ответ: 1 — совсем не помогло, 5 — проблема решена.'

export const tooManyFiles = (max: number, regNumber: string) =>
  `К обращению ${regNumber} уже приложено ${max} файлов — больше добавить нельзя.`

export const fileRefused = (message: string) =>
  `${message}. Файл не принят, ничего не сохранено — пришлите, пожалуйста, фотографию (JPEG, PNG, WebP, HEIC) или PDF.`

export const registered = (r: { regNumber: string; trackingCode: string | null; trackingUrl: string }) =>
  [
    `Обращение зарегистрировано. Номер: ${r.regNumber}`,
    r.trackingCode ? `Код для отслеживания: ${r.trackingCode}` : null,
    `Ход рассмотрения: ${r.trackingUrl}`,
    '',
    `В течение ${FOLLOW_UP_MINUTES} минут можно прислать геопозицию места и ещё фото — они добавятся к обращению.`,
    `Статус здесь: /status ${r.regNumber}`,
  ]
    .filter((l) => l !== null)
    .join('\n')

export const photosAdded = (regNumber: string, n: number) =>
  n === 1 ? `Фото добавлено к обращению ${regNumber}.` : `Фото добавлены к обращению ${regNumber}.`

export const placeSet = (regNumber: string, district: string | null, address: string | null) =>
  [
    `Место добавлено к обращению ${regNumber}`,
    address ? `: ${address}` : '',
    district ? ` (${district})` : '',
    '.',
  ].join('')

export const statusNotice = (m: {
  regNumber: string
  title: string
  publicStatus: string | null
  url: string
  notice?: string | null
}) =>
  [
    `Обращение ${m.regNumber}: ${m.title}.`,
    m.publicStatus ? `Статус: ${m.publicStatus}.` : null,
    m.notice ?? null,
    `Подробнее: ${m.url}`,
  ]
    .filter(Boolean)
    .join('\n')

export const answerHeader = (regNumber: string) => `Ответ на обращение ${regNumber}:`

export const thanksForRating = (score: number) =>
  score <= 2
    ? 'Спасибо за оценку. Обращение возвращено на доработку — мы сообщим о результате.'
    : `Спасибо за оценку: ${score} из 5.`
