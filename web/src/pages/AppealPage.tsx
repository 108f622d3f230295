import { Link, useParams } from 'react-router'
import { AnswerList } from '../modules/appeals/components/AnswerList'
import { AppealActions } from '../modules/appeals/components/AppealActions'
import { AppealAttachments } from '../modules/appeals/components/AppealAttachments'
import { AppealFacts } from '../modules/appeals/components/AppealFacts'
import { AppealHistory } from '../modules/appeals/components/AppealHistory'
import { AppealLocation } from '../modules/appeals/components/AppealLocation'
import { ApplicantList } from '../modules/appeals/components/ApplicantList'
import { ChannelInfoList } from '../modules/appeals/components/ChannelInfoList'
import { IncidentSection } from '../modules/appeals/components/IncidentSection'
import { NextWaitingButton } from '../modules/appeals/components/NextWaitingButton'
import { RatingView } from '../modules/appeals/components/RatingView'
import { UnderstandingPanel } from '../modules/appeals/components/UnderstandingPanel'
import { UrgencySection } from '../modules/appeals/components/UrgencySection'
import { UrgentTag } from '../modules/appeals/components/UrgentTag'
import { useAppeal } from '../modules/appeals/hooks/useAppeal'
import { appealPath } from '../modules/appeals/utils/paths'
import { useSession } from '../modules/auth/hooks/useSession'
import { canAccess } from '../modules/auth/utils/roleAccess'
import { DeadlinesSection } from '../modules/deadlines/components/DeadlinesSection'
import { useReference } from '../modules/reference/hooks/useReference'
import { FormError } from '../ui/FormError'
import { Loading } from '../ui/Loading'
import { StatusBadge } from '../ui/StatusBadge'
import { NotFoundPage } from './NotFoundPage'

/** The appeal card: facts, applicants, text, map, answers, history and the allowed actions. */
export function AppealPage() {
  const { id = '' } = useParams()
  const appeal = useAppeal(id)
  const reference = useReference()
  const { user } = useSession()

  // A malformed id in the address is as "not found" as a missing or not-yours appeal.
  if (appeal.error?.code === 'NOT_FOUND' || appeal.error?.code === 'VALIDATION_FAILED') {
    return <NotFoundPage text="Обращение не найдено или не относится к вашему подразделению." />
  }
  if (!appeal.data) return appeal.error ? <FormError error={appeal.error} /> : <Loading />
  const a = appeal.data

  return (
    <div className="page page-wide">
      <p className="crumbs">
        <Link to="/queue">← К списку</Link>
      </p>
      <div className="page-head">
        <h1>Обращение {a.regNumber}</h1>
        <StatusBadge code={a.status.code} name={a.status.name} />
        <UrgentTag appeal={a} />
        {a.repeatOf && (
          <Link
            to={appealPath(a.repeatOf.id)}
            className="tag"
            title={`Заявителю уже отвечали по той же проблеме: ${a.repeatOf.regNumber}`}
          >
            повторное
          </Link>
        )}
        {a.overdue && <span className="tag tag-overdue">просрочено</span>}
        <div className="page-head-actions">
          {user && canAccess(user.role, 'register') && (
            <NextWaitingButton key={String(a.id)} currentId={a.id} />
          )}
          <button type="button" className="btn btn-small" onClick={appeal.reload} disabled={appeal.loading}>
            Обновить
          </button>
        </div>
      </div>
      <FormError error={appeal.error} />
      <div className="card-layout">
        <div className="stack">
          <section className="card" aria-labelledby="text-title">
            <h2 id="text-title">Текст обращения</h2>
            <p className="prewrap appeal-text">{a.text}</p>
          </section>
          {a.attachments.length > 0 && (
            <section className="card" aria-labelledby="attachments-title">
              <h2 id="attachments-title">Файлы заявителя ({a.attachments.length})</h2>
              <AppealAttachments files={a.attachments} />
            </section>
          )}
          {a.understanding && (
            <section className="card" aria-labelledby="understanding-title">
              <h2 id="understanding-title">Что понял Вече</h2>
              <UnderstandingPanel u={a.understanding} appeal={a} onDone={appeal.setData} />
            </section>
          )}
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title">Сведения</h2>
            <AppealFacts appeal={a} />
          </section>
          {a.channelInfo.length > 0 && (
            <section className="card" aria-labelledby="channel-info-title">
              <h2 id="channel-info-title">Данные канала · {a.channel.name}</h2>
              <ChannelInfoList items={a.channelInfo} />
            </section>
          )}
          <section className="card" aria-labelledby="answers-title">
            <h2 id="answers-title">Ответы</h2>
            <AnswerList answers={a.answers} />
            {a.rating && (
              <>
                <h3>Оценка заявителя</h3>
                <RatingView rating={a.rating} />
              </>
            )}
          </section>
          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title">История</h2>
            <AppealHistory events={a.events} />
          </section>
        </div>
        <div className="stack">
          {reference.data && (
            <AppealActions
              key={`${a.status.code}:${a.events.length}`}
              reference={reference.data}
              appeal={a}
              onDone={appeal.setData}
            />
          )}
          <UrgencySection key={`urgency:${a.events.length}`} appeal={a} onDone={appeal.setData} />
          <IncidentSection key={`incident:${a.events.length}`} appeal={a} onDone={appeal.setData} />
          <DeadlinesSection
            appealId={Number(a.id)}
            version={`${a.status.code}:${a.events.length}`}
            onChanged={appeal.reload}
          />
          <section className="card" aria-labelledby="applicants-title">
            <h2 id="applicants-title">{a.applicants.length > 1 ? 'Заявители' : 'Заявитель'}</h2>
            <ApplicantList applicants={a.applicants} />
          </section>
          {a.lat !== null && a.lon !== null && (
            <section className="card" aria-labelledby="map-title">
              <h2 id="map-title">На карте</h2>
              <AppealLocation lat={a.lat} lon={a.lon} />
            </section>
          )}
        </div>
      </div>
    </div>
  )
}
