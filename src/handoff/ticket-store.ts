/**
 * Tickets in the state store (collection "tickets"), with in-memory indexes for what every
 * message asks: does this person have an open ticket, and which ticket does a staff reply answer.
 */
import { KeyedQueue } from '../keyed-queue.ts';
import type { RecordCollection, StateStore } from '../store/state-store.ts';
import type { Incoming } from '../message.ts';
import { newTicketId, parseTicketId, Ticket } from './ticket.ts';

/** How many staff-channel message references one ticket remembers. */
const STAFF_MESSAGES_KEPT = 300;

/** Identifies a message in a staff channel: "platform:chat:message". */
export function staffMessageRef(platform: string, chatId: string, messageId: string): string {
  return `${platform}:${chatId}:${messageId}`;
}

/** The tickets collection plus indexes; writes to one ticket run one at a time. */
export class TicketStore {
  readonly #collection: RecordCollection<Ticket>;
  readonly #queue = new KeyedQueue();
  readonly #openByConversation = new Map<string, string>();
  readonly #ratingByConversation = new Map<string, string>();
  readonly #byStaffMessage = new Map<string, string>();

  /** Declares the collection, so it must run before the store opens (when the plugin is made). */
  constructor(store: StateStore) {
    this.#collection = store.collection('tickets', Ticket);
  }

  /** Builds the indexes from what the store holds; call once the store is open. */
  load(): void {
    this.#openByConversation.clear();
    this.#ratingByConversation.clear();
    this.#byStaffMessage.clear();
    for (const ticket of this.#collection.all()) this.#index(undefined, ticket);
  }

  /** A fresh copy of one ticket. */
  get(id: string): Ticket | undefined {
    return this.#collection.get(id);
  }

  /** Every stored ticket, closed ones included. */
  all(): Ticket[] {
    return this.#collection.all();
  }

  /** The waiting or claimed ticket of a conversation, if any. */
  openFor(conversation: string): Ticket | undefined {
    const id = this.#openByConversation.get(conversation);
    return id === undefined ? undefined : this.get(id);
  }

  /** The closed ticket whose person was asked for a rating and has not answered yet. */
  awaitingRating(conversation: string): Ticket | undefined {
    const id = this.#ratingByConversation.get(conversation);
    return id === undefined ? undefined : this.get(id);
  }

  /** Waiting and claimed tickets. */
  open(): Ticket[] {
    return [...this.#openByConversation.values()].flatMap((id) => this.get(id) ?? []);
  }

  /** The ticket a staff-channel message (a card or a relayed line) belongs to. */
  forStaffMessage(ref: string): Ticket | undefined {
    const id = this.#byStaffMessage.get(ref);
    return id === undefined ? undefined : this.get(id);
  }

  /**
   * The ticket a staff message answers: the one whose card or relayed line it replies to, or, for
   * a quote of the bot's message (WeChat passes only its text), the one ticket whose "#ID" the
   * quoted text names. A quote naming several (the queue) answers none.
   */
  repliedTo(incoming: Incoming): Ticket | undefined {
    const { address, replyTo, quoted } = incoming;
    if (replyTo) return this.forStaffMessage(staffMessageRef(address.platform, address.chatId, replyTo));
    if (quoted === undefined) return undefined;
    const named = new Set([...quoted.matchAll(/#([A-Za-z0-9]{6})(?![A-Za-z0-9])/g)].flatMap(([, id]) => parseTicketId(id ?? '') ?? []));
    const found = [...named].flatMap((id) => this.get(id) ?? []);
    return found.length === 1 ? found[0] : undefined;
  }

  /** An id no stored ticket has. */
  newId(): string {
    let id = newTicketId();
    while (this.get(id)) id = newTicketId();
    return id;
  }

  /** Stores a new ticket. */
  async create(ticket: Ticket): Promise<Ticket> {
    return this.#queue.run(ticket.id, async () => {
      await this.#collection.put(ticket);
      this.#index(undefined, ticket);
      return ticket;
    });
  }

  /**
   * Changes one ticket under its own queue: `change` gets a fresh copy and returns false to
   * leave it as it was. Resolves with the ticket as stored afterwards (undefined if there is none).
   */
  async update(id: string, change: (ticket: Ticket) => boolean | void): Promise<Ticket | undefined> {
    return this.#queue.run(id, async () => {
      const before = this.get(id);
      if (!before) return undefined;
      const after = this.get(id) as Ticket;
      if (change(after) === false) return before;
      after.staffMessages = after.staffMessages.slice(-STAFF_MESSAGES_KEPT);
      await this.#collection.put(after);
      this.#index(before, after);
      return after;
    });
  }

  /** Remembers staff-channel messages that belong to a ticket. */
  async addStaffMessages(id: string, refs: string[]): Promise<void> {
    if (refs.length === 0) return;
    await this.update(id, (ticket) => {
      ticket.staffMessages.push(...refs);
    });
  }

  /** Removes a ticket and what points at it. */
  async delete(id: string): Promise<void> {
    await this.#queue.run(id, async () => {
      const before = this.get(id);
      if (!before) return;
      await this.#collection.delete(id);
      this.#index(before, undefined);
    });
  }

  #index(before: Ticket | undefined, after: Ticket | undefined): void {
    if (before) {
      if (this.#openByConversation.get(before.conversation) === before.id) this.#openByConversation.delete(before.conversation);
      if (this.#ratingByConversation.get(before.conversation) === before.id) this.#ratingByConversation.delete(before.conversation);
      if (!after) for (const ref of before.staffMessages) this.#byStaffMessage.delete(ref);
    }
    if (after) {
      if (after.status !== 'closed') this.#openByConversation.set(after.conversation, after.id);
      else if (after.ratingAsked && after.rating === undefined) this.#ratingByConversation.set(after.conversation, after.id);
      for (const ref of after.staffMessages) this.#byStaffMessage.set(ref, after.id);
    }
  }
}
