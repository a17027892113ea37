import { describe, expect, it } from 'vitest';
import { TicketStore } from '../../src/handoff/ticket-store.ts';
import { median, ticketStats } from '../../src/handoff/ticket-stats.ts';
import { parseStaffHours } from '../../src/handoff/staff-hours.ts';
import { newTicketId, parseTicketId, TICKET_ALPHABET, type Ticket } from '../../src/handoff/ticket.ts';
import { FileStateStore } from '../../src/store/file-state-store.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import { tempDir } from '../helpers/app.ts';

function sampleTicket(fields: Partial<Ticket> = {}): Ticket {
  return {
    id: newTicketId(),
    conversation: 'telegram:1:1',
    address: { platform: 'telegram', chatId: '1', userId: '1' },
    lang: 'en',
    status: 'waiting',
    reason: 'asked',
    urgent: false,
    openedAt: '2026-11-25T02:00:00.000Z',
    transcript: [],
    answers: {},
    extras: {},
    notes: [],
    staffMessages: [],
    ...fields,
  };
}

describe('ticket ids', () => {
  it('should be six characters without 0, 1, I or O', () => {
    for (let i = 0; i < 200; i++) expect(newTicketId()).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    expect(TICKET_ALPHABET).toHaveLength(32);
  });

  it('should come from crypto random: no two alike in 5,000, every character used', () => {
    const ids = Array.from({ length: 5000 }, () => newTicketId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.join('')).size).toBe(32);
  });

  it('should map every random byte evenly onto the alphabet', () => {
    const counts = new Map<string, number>();
    for (let byte = 0; byte < 256; byte++) {
      const ch = newTicketId(() => new Uint8Array(6).fill(byte))[0] ?? '';
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
  });

  it('should read ids as staff type them', () => {
    expect(parseTicketId('#k7qx3m')).toBe('K7QX3M');
    expect(parseTicketId('K7QX3O')).toBeUndefined();
    expect(parseTicketId('K7QX3')).toBeUndefined();
  });
});

describe('the ticket store', () => {
  it('should find the open ticket of a conversation and the ticket a staff message belongs to', async () => {
    const tickets = new TicketStore(new MemoryStateStore());
    tickets.load();
    const ticket = await tickets.create(sampleTicket());
    await tickets.addStaffMessages(ticket.id, ['telegram:-100:55']);
    expect(tickets.openFor('telegram:1:1')?.id).toBe(ticket.id);
    expect(tickets.forStaffMessage('telegram:-100:55')?.id).toBe(ticket.id);
    await tickets.update(ticket.id, (t) => void (t.status = 'closed'));
    expect(tickets.openFor('telegram:1:1')).toBeUndefined();
    expect(tickets.forStaffMessage('telegram:-100:55')?.status).toBe('closed');
  });

  it('should survive a restart of the file store', async () => {
    const dir = await tempDir();
    const first = new FileStateStore(dir);
    const before = new TicketStore(first);
    await first.open();
    before.load();
    const ticket = await before.create(sampleTicket({ staffMessages: ['telegram:-100:7'] }));
    await first.close();

    const second = new FileStateStore(dir);
    const after = new TicketStore(second);
    await second.open();
    after.load();
    expect(after.openFor('telegram:1:1')).toEqual(ticket);
    expect(after.forStaffMessage('telegram:-100:7')?.id).toBe(ticket.id);
    await second.close();
  });

  it('should apply changes to one ticket one after another', async () => {
    const tickets = new TicketStore(new MemoryStateStore());
    const ticket = await tickets.create(sampleTicket());
    await Promise.all(Array.from({ length: 20 }, (_, i) => tickets.update(ticket.id, (t) => void t.notes.push({ at: '', by: 'x', text: String(i) }))));
    expect(tickets.get(ticket.id)?.notes).toHaveLength(20);
  });
});

describe('stats', () => {
  it('should take the median of an even count as the mean of the middle two', () => {
    expect(median([])).toBeUndefined();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it("should count today in the staff's zone, not UTC", () => {
    const hours = parseStaffHours('Mon-Fri 09:00-18:00 Asia/Shanghai');
    const now = new Date('2026-11-25T17:00:00Z'); // Thursday 01:00 in Shanghai
    const stats = ticketStats(
      [
        sampleTicket({ openedAt: '2026-11-25T16:30:00Z', firstAnswerAt: '2026-11-25T16:40:00Z', rating: 4 }),
        sampleTicket({ openedAt: '2026-11-25T15:00:00Z', closedAt: '2026-11-25T16:10:00Z', status: 'closed', rating: 2 }),
      ],
      now,
      hours,
    );
    expect(stats).toEqual({ openedToday: 1, closedToday: 1, medianFirstAnswerMs: 600_000, answered: 1, averageRating: 3, rated: 2 });
  });
});
