import { formatDateTime } from '../../../ui/format'
import type { AppealDetail } from '../api/types'
import { DueDate } from './DueDate'

/** The appeal's registration facts as a compact definition list. */
export function AppealFacts({ appeal }: { appeal: AppealDetail }) {
  const dash = <span className="muted">—</span>
  return (
    <dl className="facts">
      <dt>Режим</dt>
      <dd>{appeal.regime.name}</dd>
      <dt>Канал</dt>
      <dd>{appeal.channel.name}</dd>
      <dt>Поступило</dt>
      <dd>{formatDateTime(appeal.receivedAt)}</dd>
      <dt>Зарегистрировано</dt>
      <dd>
        {formatDateTime(appeal.registeredAt)}
        {appeal.registeredLate && (
          <>
            {' '}
            <span
              className="badge badge-work"
              title="59-ФЗ ст. 8 ч. 2: регистрация в течение 3 дней с момента поступления"
            >
              позже срока регистрации
            </span>
          </>
        )}
      </dd>
      <dt>Срок ответа</dt>
      <dd>
        <DueDate dueAt={appeal.dueAt} overdue={appeal.overdue} />
      </dd>
      <dt>Адрес</dt>
      <dd>{appeal.addressText ?? dash}</dd>
      <dt>Район</dt>
      <dd>{appeal.district?.name ?? dash}</dd>
      <dt>Сектор</dt>
      <dd>{appeal.sector?.name ?? dash}</dd>
      <dt>Тема</dt>
      <dd>{appeal.topic?.name ?? dash}</dd>
      <dt>Исполнитель</dt>
      <dd>{appeal.unit?.shortName ?? <span className="muted">не назначен</span>}</dd>
      {appeal.routing?.coExecutors.length > 0 && (
        <>
          <dt>Соисполнители</dt>
          <dd>{appeal.routing.coExecutors.map((u) => u.shortName).join(', ')}</dd>
        </>
      )}
      {appeal.routing?.curator && (
        <>
          <dt>Курирует</dt>
          <dd>{appeal.routing.curator.fullName}</dd>
        </>
      )}
      {appeal.routing?.why && (
        <>
          <dt>Почему</dt>
          <dd className="routing-why">{appeal.routing.why}</dd>
        </>
      )}
    </dl>
  )
}
