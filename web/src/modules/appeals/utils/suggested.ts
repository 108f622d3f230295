import { pluralRu } from '../../../../../common/plural'
import type { AppealListItem, SuggestedResult } from '../api/types'

/** «обращение» in the form that goes with the number: 1 обращение, 2 обращения, 5 обращений, 21 обращение. */
export const appealsWord = (n: number): string => pluralRu(n, 'обращение', 'обращения', 'обращений')

/** A row Вече can send by its proposal: the server offers it (an executor, and the model sure enough). */
export const canSendBySuggestion = (item: AppealListItem) => Boolean(item.suggestion?.sendable)

/** The confidence as the queue shows it: «72 %». */
export const confidenceText = (c: number) => `${Math.round(c * 100)} %`

/** The status line after «Направить по предложению»: how many went, and each one that did not, with why. */
export function suggestedMessage(results: SuggestedResult[]): { sent: string; refused: string[] } {
  const ok = results.filter((r) => r.ok).length
  return {
    sent: ok > 0 ? `Направлено по предложению: ${ok} ${appealsWord(ok)}.` : 'Ничего не направлено.',
    refused: results
      .filter((r) => !r.ok)
      .map((r) => `${r.regNumber ?? `№ ${r.id}`}: ${r.error ?? 'не направлено'}`),
  }
}
