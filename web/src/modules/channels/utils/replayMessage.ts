/** «задание» in the form that goes with the number: 1 задание, 2 задания, 5 заданий, 21 задание. */
export function jobsWord(n: number): string {
  const mod10 = n % 10
  const mod100 = n % 100
  if (mod10 === 1 && mod100 !== 11) return 'задание'
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 'задания'
  return 'заданий'
}

/** The status line after a replay. */
export function replayMessage(requeued: number): string {
  return `Снова поставлено в очередь: ${requeued} ${jobsWord(requeued)}. Они будут отправлены в ближайшие секунды.`
}
