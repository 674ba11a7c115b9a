import { addDays, isWorkingDay } from '../visits/calendar.ts';

/** The date `days` working days after `from` (holidays and 调休 by chinese-days). */
export function addWorkingDays(from: string, days: number): string {
  let date = from;
  for (let left = days; left > 0; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left -= 1;
  }
  return date;
}

/** Working days from `today` (exclusive) to `deadline` (inclusive); negative once past it. */
export function workingDaysLeft(today: string, deadline: string): number {
  if (deadline < today) {
    let count = 0;
    for (let date = deadline; date < today; date = addDays(date, 1)) if (isWorkingDay(addDays(date, 1))) count -= 1;
    return count;
  }
  let count = 0;
  for (let date = today; date < deadline; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) count += 1;
  }
  return count;
}
