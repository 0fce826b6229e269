import { startOfBeijingDay } from '../../server/utils/stations/schedule'

/**
 * Waits, if need be, until the Beijing day has at least `ms` left. The server's places, their hours
 * and their ETags belong to a Beijing day and are built anew when it turns (16:00 UTC): a test that
 * compares two answers, or an answer with a copy kept earlier, must not see the turn in between.
 */
export async function sameBeijingDay(ms: number): Promise<void> {
  const left = startOfBeijingDay(new Date()).getTime() + 86_400_000 - Date.now()
  if (left < ms) await new Promise(resolve => setTimeout(resolve, left + 1000))
}
