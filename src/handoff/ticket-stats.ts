/**
 * The numbers behind /stats: tickets opened and closed today (in the staff's time zone), and
 * over the last 30 days the median time to a first staff answer and the average rating.
 */
import type { StaffHours } from './staff-hours.ts';
import type { Ticket } from './ticket.ts';

const WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** What /stats reports; undefined where there is nothing to measure yet. */
export interface TicketStats {
  openedToday: number;
  closedToday: number;
  medianFirstAnswerMs: number | undefined;
  answered: number;
  averageRating: number | undefined;
  rated: number;
}

/** Works out /stats from the stored tickets. */
export function ticketStats(tickets: Ticket[], now: Date, hours: Pick<StaffHours, 'localDay'>): TicketStats {
  const today = hours.localDay(now);
  const onToday = (iso: string | undefined) => iso !== undefined && hours.localDay(new Date(iso)) === today;
  const recent = tickets.filter((t) => now.getTime() - Date.parse(t.openedAt) <= WINDOW_MS);
  const waits = recent.flatMap((t) => (t.firstAnswerAt ? [Date.parse(t.firstAnswerAt) - Date.parse(t.openedAt)] : []));
  const ratings = recent.flatMap((t) => (t.rating === undefined ? [] : [t.rating]));
  return {
    openedToday: tickets.filter((t) => onToday(t.openedAt)).length,
    closedToday: tickets.filter((t) => onToday(t.closedAt)).length,
    medianFirstAnswerMs: median(waits),
    answered: waits.length,
    averageRating: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : undefined,
    rated: ratings.length,
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
