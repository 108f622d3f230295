/** Russian titles of history events, shown to staff and (for public events) to the citizen. */
export const EVENT_TITLES: Record<string, string> = {
  registered: 'Обращение зарегистрировано',
  assigned: 'Назначен исполнитель',
  answer_prepared: 'Исполнитель подготовил ответ',
  answer_approved: 'Ответ утверждён МЦУ',
  answer_returned: 'Ответ возвращён исполнителю на доработку',
  delivered: 'Ответ направлен заявителю',
  rated: 'Заявитель оценил ответ',
  reopened: 'Возвращено на доработку по оценке заявителя',
  closed: 'Рассмотрение завершено',
  rejected: 'Обращение отклонено',
  redirected: 'Направлено по компетенции',
  copy_redirected: 'Копия направлена в другой орган по компетенции',
  overdue: 'Срок рассмотрения истёк',
  moderated: 'Отправлено на проверку',
  accepted: 'Принято в работу после проверки',
  place_set: 'Заявитель указал место на карте',
  interim_answer: 'Промежуточный ответ заявителю',
  citizen_reply: 'Заявитель дополнил обращение',
  understood: 'Разобрано автоматически',
  merged: 'Объединено в инцидент',
  duplicate_added: 'К инциденту присоединено обращение',
  split: 'Отделено от инцидента',
  duplicate_removed: 'Обращение отделено от инцидента',
}

export const eventTitle = (type: string) => EVENT_TITLES[type] ?? type
