import { apiRequest } from '../../platform/api/http'

type AreaRow = { code: string; name: string; received30: number; overdue: number }

/** Today's tiles, 30-day figures and breakdowns for the head of the city. */
export type Dashboard = {
  today: {
    received: number
    inWork: number
    overdue: number
    answered: number
    avgRatingToday: number | null
    ratedToday: number
  }
  period30: {
    received: number
    answered: number
    avgRating: number | null
    share45: number | null
    onTimeShare: number | null
  }
  bySector: AreaRow[]
  byDistrict: AreaRow[]
  daily: { date: string; received: number; answered: number }[]
  generatedAt: string
}

/** The dashboard figures. */
export function getDashboard(signal?: AbortSignal): Promise<Dashboard> {
  return apiRequest('/api/dashboard', { signal })
}
