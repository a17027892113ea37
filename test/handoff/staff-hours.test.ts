import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { parseStaffHours } from '../../src/handoff/staff-hours.ts';

const at = (iso: string) => new Date(iso);

describe('staff hours', () => {
  const office = parseStaffHours('Mon-Fri 09:00-18:00 Asia/Shanghai');

  it('should be open on a weekday morning in Shanghai and closed in the evening', () => {
    expect(office.isOpen(at('2026-11-25T02:00:00Z'))).toBe(true); // Wed 10:00
    expect(office.isOpen(at('2026-11-25T10:00:00Z'))).toBe(false); // Wed 18:00
    expect(office.isOpen(at('2026-11-25T00:59:00Z'))).toBe(false); // Wed 08:59
  });

  it('should give Monday 09:00 as the next opening on a Friday evening', () => {
    expect(office.nextOpening(at('2026-11-27T11:00:00Z')).toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });

  it('should write the opening in the person’s language with the zone', () => {
    const monday = at('2026-11-30T01:00:00Z');
    expect(office.format(monday, 'en')).toBe('Monday 30 November at 09:00 China Standard Time');
    expect(office.format(monday, 'zh')).toContain('11月30日星期一');
    expect(office.format(monday, 'ru')).toContain('понедельник, 30 ноября');
  });

  it('should default to Asia/Shanghai', () => {
    expect(parseStaffHours('Mon-Fri 09:00-18:00').timeZone).toBe('Asia/Shanghai');
  });

  it('should keep local hours across a summer-time change', () => {
    const berlin = parseStaffHours('Mon-Fri 09:00-18:00 Europe/Berlin');
    // Clocks go forward on Sunday 29 March 2026: Monday 09:00 is 07:00 UTC, Friday's was 08:00 UTC.
    expect(berlin.nextOpening(at('2026-03-27T17:30:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(berlin.nextOpening(at('2026-10-23T17:30:00Z')).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    const newYork = parseStaffHours('Mon-Fri 09:00-17:00 America/New_York');
    expect(newYork.isOpen(at('2026-03-09T13:30:00Z'))).toBe(true); // 09:30 EDT
    expect(newYork.isOpen(at('2026-03-06T13:30:00Z'))).toBe(false); // 08:30 EST
  });

  it('should open when the clocks jump if the opening time falls into the summer-time gap', () => {
    const early = parseStaffHours('Sun 02:30-03:30 Europe/Berlin');
    // 29 March 2026: 02:00 becomes 03:00, so 02:30 never happens; the window opens at 03:00 CEST.
    expect(early.nextOpening(at('2026-03-28T12:00:00Z')).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('should open at the first of the two 02:00s when the clocks go back', () => {
    const early = parseStaffHours('Sun 02:00-03:30 Europe/Berlin');
    // 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:00 happens at 00:00 and at 01:00 UTC.
    expect(early.nextOpening(at('2026-10-24T12:00:00Z')).toISOString()).toBe('2026-10-25T00:00:00.000Z');
  });

  it('should read several windows, day lists, nights past midnight and 24/7', () => {
    const mixed = parseStaffHours('Mon-Fri 09:00-18:00; Sat,Sun 10:00-14:00 Asia/Shanghai');
    expect(mixed.isOpen(at('2026-11-28T03:00:00Z'))).toBe(true); // Sat 11:00
    expect(mixed.isOpen(at('2026-11-28T07:00:00Z'))).toBe(false); // Sat 15:00
    const nights = parseStaffHours('daily 22:00-06:00 UTC');
    expect(nights.isOpen(at('2026-01-01T23:00:00Z'))).toBe(true);
    expect(nights.isOpen(at('2026-01-02T05:59:00Z'))).toBe(true);
    expect(nights.isOpen(at('2026-01-02T06:00:00Z'))).toBe(false);
    expect(parseStaffHours('24/7').isOpen(at('2026-01-04T03:00:00Z'))).toBe(true);
  });

  it('should know the local day for "today" in /stats', () => {
    expect(office.localDay(at('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
  });

  for (const bad of ['Mon-Fri 09:00-18:00 Mars/Olympus', 'Funday 09:00-10:00', 'Mon-Fri', 'Mon-Fri 25:00-26:00', 'Mon 09:00-09:00']) {
    it(`should refuse "${bad}" with a message that shows the expected form`, () => {
      expect(() => parseStaffHours(bad)).toThrow(ConfigError);
      expect(() => parseStaffHours(bad)).toThrow(/Mon-Fri 09:00-18:00 Asia\/Shanghai/);
    });
  }

  it('should always name a next opening that is open, not earlier than now, with nothing open before it', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Europe/Moscow', 'Australia/Sydney'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom('Mon-Fri 09:00-18:00', 'Sat-Mon 02:00-03:30', 'Sun 02:30-03:30', 'daily 22:00-06:00', 'Tue 00:00-24:00'),
        fc.oneof(
          fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
          // Days around summer-time changes in Europe and the US.
          fc.constantFrom('2026-03-07', '2026-03-28', '2026-10-24', '2026-10-31').chain((day) => fc.integer({ min: 0, max: 48 * 60 }).map((m) => new Date(Date.parse(`${day}T00:00:00Z`) + m * 60_000))),
        ),
        (zone, spec, now) => {
          const hours = parseStaffHours(`${spec} ${zone}`);
          const next = hours.nextOpening(now);
          expect(next.getTime()).toBeGreaterThanOrEqual(now.getTime());
          expect(hours.isOpen(next)).toBe(true);
          if (next.getTime() > now.getTime()) expect(hours.isOpen(new Date(next.getTime() - 60_000))).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
