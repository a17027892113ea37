/**
 * When the staff answer, from STAFF_HOURS such as "Mon-Fri 09:00-18:00 Asia/Shanghai" or
 * "Mon-Fri 09:00-18:00; Sat 10:00-14:00 Europe/Moscow". Local times are turned into instants
 * through Intl's view of the zone, so summer-time changes move the instants, not the hours.
 */
import { ConfigError } from '../errors.ts';
import type { Lang } from '../message.ts';

/** Opening hours in one time zone. */
export interface StaffHours {
  readonly timeZone: string;
  isOpen(at: Date): boolean;
  /** `at` itself when open, else the next instant the staff start work. */
  nextOpening(at: Date): Date;
  /** The calendar day at `at` in the staff's zone, as YYYY-MM-DD. */
  localDay(at: Date): string;
  /** A day and time in the staff's zone, written for a person in `lang` ("Monday 1 December at 09:00 China Standard Time"). */
  format(at: Date, lang: Lang): string;
}

/** The zone when STAFF_HOURS names none. */
export const DEFAULT_STAFF_ZONE = 'Asia/Shanghai';
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY = 24 * 60;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LOCALES: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN', ru: 'ru-RU' };

type Window = { start: number; end: number };

/**
 * Reads STAFF_HOURS; throws ConfigError saying what is wrong and how it should look.
 * @example parseStaffHours('Mon-Fri 09:00-18:00 Asia/Shanghai').isOpen(new Date())
 */
export function parseStaffHours(spec: string): StaffHours {
  const fail = (why: string): never => {
    throw new ConfigError('CONFIG_INVALID', `STAFF_HOURS "${spec}" is not valid: ${why}. Write it like "Mon-Fri 09:00-18:00 Asia/Shanghai" (days, times, an IANA time zone).`);
  };
  const tokens = spec.replace(/;/g, ' ').split(/\s+/).map((t) => t.replace(/,+$/, '')).filter(Boolean);
  let timeZone = DEFAULT_STAFF_ZONE;
  const last = tokens.at(-1);
  if (last && (isZone(last) || last.includes('/')) && last !== '24/7') {
    if (!isZone(last)) fail(`"${last}" is not a time zone`);
    timeZone = last;
    tokens.pop();
  }

  const byDay: Window[][] = DAY_NAMES.map(() => []);
  let days: number[] = [];
  let daysUsed = true;
  for (const token of tokens) {
    if (token === '24/7') {
      for (const list of byDay) list.push({ start: 0, end: DAY });
    } else if (isDays(token)) {
      // "Mon-Fri, Sat 10:00-14:00": day tokens in a row add up until a time range uses them.
      days = daysUsed ? parseDays(token, fail) : [...days, ...parseDays(token, fail)];
      daysUsed = false;
    } else if (isTimes(token)) {
      const [start, end] = parseTimes(token, fail);
      for (const day of daysUsed && days.length === 0 ? [0, 1, 2, 3, 4, 5, 6] : days) {
        if (end > start) byDay[day]?.push({ start, end });
        else {
          // Past midnight: the rest of this day and the start of the next.
          byDay[day]?.push({ start, end: DAY });
          if (end > 0) byDay[(day + 1) % 7]?.push({ start: 0, end });
        }
      }
      daysUsed = true;
    } else {
      fail(`"${token}" is neither days (Mon-Fri), times (09:00-18:00) nor a time zone`);
    }
  }
  if (!daysUsed) fail('days without times');
  if (byDay.every((w) => w.length === 0)) fail('no opening times');
  for (const windows of byDay) windows.sort((a, b) => a.start - b.start);

  const zone = zoneClock(timeZone);
  const isOpen = (at: Date): boolean => {
    const local = zone.parts(at.getTime());
    const minute = local.hour * 60 + local.minute;
    return (byDay[local.weekday] ?? []).some((w) => minute >= w.start && minute < w.end);
  };

  return {
    timeZone,
    isOpen,
    nextOpening(at) {
      if (isOpen(at)) return at;
      const today = zone.parts(at.getTime());
      for (let offset = 0; offset <= 8; offset++) {
        const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
        for (const window of byDay[date.getUTCDay()] ?? []) {
          const instant = zone.instant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), window.start);
          if (instant <= at.getTime()) continue;
          if (isOpen(new Date(instant))) return new Date(instant);
          // The opening time fell into a summer-time gap (02:30 that never happens): the window
          // opens when the clocks jump, somewhere near; find that minute.
          for (let t = Math.max(at.getTime() + MINUTE, instant - 3 * HOUR); t < instant + 3 * HOUR; t += MINUTE) {
            if (isOpen(new Date(t))) return new Date(t);
          }
        }
      }
      return at;
    },
    localDay(at) {
      const p = zone.parts(at.getTime());
      return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
    },
    format(at, lang) {
      return new Intl.DateTimeFormat(LOCALES[lang], { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'long' }).format(at);
    },
  };
}

function isZone(token: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: token });
    return true;
  } catch {
    return false;
  }
}

function isDays(token: string): boolean {
  return /^(daily|everyday|[a-z]{3,9}(-[a-z]{3,9})?(,[a-z]{3,9}(-[a-z]{3,9})?)*)$/i.test(token);
}

function isTimes(token: string): boolean {
  return /^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/.test(token);
}

function parseDays(token: string, fail: (why: string) => never): number[] {
  const lower = token.toLowerCase();
  if (lower === 'daily' || lower === 'everyday') return [0, 1, 2, 3, 4, 5, 6];
  const dayOf = (name: string) => {
    const index = DAY_NAMES.indexOf(name.slice(0, 3));
    return index >= 0 ? index : fail(`"${name}" is not a day`);
  };
  const days = new Set<number>();
  for (const part of lower.split(',')) {
    const [from = '', to] = part.split('-');
    const start = dayOf(from);
    const end = to === undefined ? start : dayOf(to);
    // Ranges may wrap the week: "Sat-Mon".
    for (let d = start; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === end) break;
    }
  }
  return [...days];
}

function parseTimes(token: string, fail: (why: string) => never): [number, number] {
  const [start = 0, end = 0] = token.split('-').map((time) => {
    const [h = 0, m = 0] = time.split(':').map(Number);
    if (h > 24 || m > 59 || (h === 24 && m > 0)) fail(`"${time}" is not a time of day`);
    return h * 60 + m;
  });
  if (start === end) fail(`"${token}" opens and closes at the same time`);
  return [start, end === DAY && start === 0 ? DAY : end];
}

/** Wall-clock parts of an instant in a zone, and the instant of a wall-clock time there. */
function zoneClock(timeZone: string) {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts = (ms: number) => {
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
    for (const part of formatter.formatToParts(ms)) {
      if (part.type === 'weekday') out.weekday = DAY_NAMES.indexOf(part.value.toLowerCase().slice(0, 3));
      else if (part.type in out) out[part.type as keyof typeof out] = Number(part.value) % (part.type === 'hour' ? 24 : Infinity);
    }
    return out;
  };
  const offset = (ms: number) => {
    const p = parts(ms);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (((ms % 1000) + 1000) % 1000));
  };
  return {
    parts,
    instant(year: number, month: number, day: number, minutes: number): number {
      const wall = Date.UTC(year, month - 1, day, 0, minutes);
      // Try the zone's offsets from the day before and the day after, earliest first: when the
      // clocks go back a time happens twice and the first is meant; when they go forward it never
      // happens, and the later candidate (just after the jump) is the caller's to adjust.
      const candidates = [wall - offset(wall - DAY * MINUTE), wall - offset(wall + DAY * MINUTE)].sort((a, b) => a - b);
      return candidates.find((at) => at + offset(at) === wall) ?? candidates[1] ?? wall;
    },
  };
}
