/**
 * A first, rule-based and explainable noise check for social-network items: every verdict comes with
 * the reasons a reviewer reads. It is deliberately cautious — a text that names a city subject or asks
 * for something is never noise, except outright spam. The real understanding step will replace it;
 * callers depend only on `assessNoise(text) → { noise, reasons }`.
 */

export interface NoiseVerdict {
  noise: boolean
  /** Russian, one line each; empty when not noise. */
  reasons: string[]
}

const norm = (s: string) => s.toLowerCase().replaceAll('ё', 'е')

/** Words as lower-case letter runs (Cyrillic and Latin). */
const wordsOf = (s: string) => norm(s).match(/[\p{L}]+/gu) ?? []

const URL_RE = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:ru|com|рф|me|su|org|net|info|io)(?:\/\S*)?/giu
const EMOJI_RE = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/gu

/** Phrases of ads and spam (matched on the normalised text). */
const SPAM = [
  /заработ\p{L}*\s+(?:от|до|в день|в неделю|на дому|без вложений)/u,
  /без вложений/u,
  /доход\p{L}*\s+от\s+\d/u,
  /пиш\p{L}*\s+(?:мне\s+)?в\s+(?:лс|личк\p{L}*|личные|директ)/u,
  /подписыва\p{L}*\s+на\s+(?:мой|наш|канал|группу|страниц)/u,
  /переход\p{L}*\s+по\s+ссылке/u,
  /промокод/u,
  /казино|букмекер|ставки на спорт|крипт\p{L}*валют/u,
  /удаленн\p{L}*\s+работ\p{L}*/u,
  /(?:скидк\p{L}*|распродаж\p{L}*)\s+(?:до\s+)?\d+\s*%/u,
  /продам|продаю|куплю\s+(?:авто|квартир|машин)|недорого|звоните по телефону/u,
  /розыгрыш|конкурс репостов/u,
]

/** Thanks, greetings, congratulations. */
const COURTESY = [
  /спасиб|благодар/u,
  /поздравля|с праздник|с днем|с новым годом|с рождеств|с победой|с наступающ/u,
  /^(?:всем\s+)?(?:привет|здравствуйте|добрый день|доброе утро|добрый вечер)[\s!.,)]*$/u,
  /молодц|так держать|отличн\p{L}* работ|хорошего дня|всего доброго/u,
]

/** The city's business: if any of these word stems is present, the text is about something to handle. */
const SUBJECT_STEMS = [
  'дорожн',
  'проезж',
  'ям',
  'ямы',
  'ямк',
  'асфальт',
  'тротуар',
  'обочин',
  'бордюр',
  'ливнев',
  'лужа',
  'луж',
  'освещ',
  'фонар',
  'свет',
  'электрич',
  'отоплен',
  'батаре',
  'горяч',
  'холодн',
  'вод',
  'канализ',
  'труб',
  'прорыв',
  'авари',
  'затоп',
  'подтоп',
  'мусор',
  'контейнер',
  'свалк',
  'отход',
  'тко',
  'вывоз',
  'снег',
  'сугроб',
  'гололед',
  'налед',
  'сосульк',
  'уборк',
  'убира',
  'посыпа',
  'реагент',
  'двор',
  'подъезд',
  'крыш',
  'кровл',
  'лифт',
  'домофон',
  'фасад',
  'управляющ',
  'ук',
  'жкх',
  'капремонт',
  'ремонт',
  'автобус',
  'маршрут',
  'маршрутк',
  'остановк',
  'троллейбус',
  'трамва',
  'транспорт',
  'светофор',
  'переход',
  'зебр',
  'разметк',
  'парков',
  'стоянк',
  'дерев',
  'ветк',
  'газон',
  'кустарник',
  'покос',
  'трав',
  'сквер',
  'парк',
  'площадк',
  'качел',
  'горк',
  'скамейк',
  'лавочк',
  'урн',
  'школ',
  'садик',
  'сад',
  'детсад',
  'поликлиник',
  'больниц',
  'врач',
  'скор',
  'аптек',
  'собак',
  'бездомн',
  'отлов',
  'мост',
  'шум',
  'стройк',
  'застройщик',
  'люк',
  'колодц',
  'забор',
  'граффити',
  'пожар',
  'дым',
  'запах',
  'гараж',
  'ларек',
  'киоск',
  'пенси',
  'пособи',
  'льгот',
  'субсиди',
  'газ',
  'газопровод',
  'улиц',
  'проспект',
  'переулк',
  'микрорайон',
]
// «дорог…» alone would match «дорогие смоляне»: the road is listed by its forms.
const SUBJECT_EXACT = new Set([
  'дорога',
  'дороги',
  'дороге',
  'дорогу',
  'дорог',
  'дорогам',
  'дорогах',
  'ук',
  'тко',
  'жкх',
  'мфц',
  'тсж',
  'мку',
  'муп',
  'улица',
  'дом',
  'дома',
  'доме',
  'домом',
])

/** Requests and complaints: asking for something to be done or explained. */
const REQUEST = [
  /прошу|просим|просьба|помогите|помочь|примите меры|разберитесь|обратите внимание|сделайте|уберите|почините|отремонтируйте/u,
  /когда\s+(?:будет|уберут|почин|сдела|отремонт|включ|дадут|вывез|закончат|начнут)/u,
  /почему|сколько можно|до сих пор|невозможно|опять|снова|третий день|неделю|не работает|не горит|не вывоз|не убира|нет\s+(?:воды|света|отоплен|газа)/u,
  /\?/u,
]

const INSULT_STEMS = [
  'дурак',
  'идиот',
  'дебил',
  'кретин',
  'тупиц',
  'тупые',
  'бездар',
  'ворюг',
  'воры',
  'клоун',
  'позор',
  'урод',
  'твар',
  'мраз',
  'сволоч',
  'козл',
  'быдл',
  'хуй',
  'хуе',
  'хуё',
  'пизд',
  'бля',
  'ебан',
  'ебат',
  'сук',
  'мудак',
  'говн',
]
const POLITICS_STEMS = [
  'путин',
  'навальн',
  'кремл',
  'единорос',
  'единая россия',
  'оппозиц',
  'митинг',
  'выбор',
  'санкци',
  'госдум',
  'режим',
  'либерал',
  'патриот',
  'запад',
  'америк',
  'украин',
  'партия',
  'партии',
  'власть',
  'власти',
]

const hasStem = (words: string[], stems: string[]) =>
  words.some((w) =>
    stems.some((s) =>
      s.length <= 3 ? w === s || (w.startsWith(s) && w.length <= s.length + 3) : w.startsWith(s),
    ),
  )

/**
 * Is this social-network text noise (nothing for the city to do)? Rules, in order:
 * spam/ads (always noise); only links or emoji; too short and without a city subject; thanks/greetings/
 * congratulations without a request; politics or insults without a city subject.
 */
export function assessNoise(text: string): NoiseVerdict {
  const reasons: string[] = []
  const t = norm(text ?? '').trim()
  const words = wordsOf(t.replace(URL_RE, ' '))
  const letters = words.join('').length
  const subject = words.some((w) => SUBJECT_EXACT.has(w)) || hasStem(words, SUBJECT_STEMS)
  const request = REQUEST.some((r) => r.test(t))

  const spam = SPAM.find((r) => r.test(t))
  if (spam) reasons.push(`реклама или спам: «${t.match(spam)?.[0]}»`)

  const withoutLinksAndEmoji = t
    .replace(URL_RE, '')
    .replace(EMOJI_RE, '')
    .replace(/[\s\p{P}\p{S}\d]/gu, '')
  if (!withoutLinksAndEmoji) {
    reasons.push(t ? 'только ссылки, эмодзи или знаки — нет текста' : 'пустой текст')
  } else if (letters < 12 && words.length < 3 && !subject) {
    reasons.push('слишком короткий текст без предмета обращения')
  }

  const courtesy = COURTESY.some((r) => r.test(t))
  if (courtesy && !request && !subject)
    reasons.push('благодарность, приветствие или поздравление без просьбы')

  const insult = hasStem(words, INSULT_STEMS)
  const politics = POLITICS_STEMS.some((s) => (s.includes(' ') ? t.includes(s) : hasStem(words, [s])))
  if ((insult || politics) && !subject)
    reasons.push(
      insult && politics
        ? 'политика и оскорбления без городской темы'
        : insult
          ? 'оскорбления без городской темы'
          : 'политика без городской темы',
    )

  return { noise: reasons.length > 0, reasons }
}
