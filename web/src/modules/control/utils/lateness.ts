/** «2 раб. дн.», «3 ч», «45 мин»: how late an appeal is, in the unit a coordinator reads fastest. */
export function latenessText(late: { minutes: number; workingDays: number } | null): string {
  if (!late) return ''
  if (late.workingDays > 0) return `${late.workingDays} раб. дн.`
  if (late.minutes >= 60) return `${Math.floor(late.minutes / 60)} ч`
  return `${late.minutes} мин`
}
