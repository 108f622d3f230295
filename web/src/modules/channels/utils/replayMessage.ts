import { pluralRu } from '../../../../../common/plural'
/** «задание» in the form that goes with the number: 1 задание, 2 задания, 5 заданий, 21 задание. */
export const jobsWord = (n: number): string => pluralRu(n, 'задание', 'задания', 'заданий')

/** The status line after a replay. */
export function replayMessage(requeued: number): string {
  return `Снова поставлено в очередь: ${requeued} ${jobsWord(requeued)}. Они будут отправлены в ближайшие секунды.`
}
