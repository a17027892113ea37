/**
 * The in-memory state store: same contract as the file store, nothing on disk. For fast tests.
 */
import type { z } from 'zod';
import { Conversation, type Identified } from './records.ts';
import type { ConversationTable, RecordCollection, StateStore } from './state-store.ts';

/** Keeps records as JSON text, so every read is a fresh copy exactly as a file store would give. */
export class MemoryStateStore implements StateStore {
  readonly #conversations = new Map<string, string>();
  readonly #collections = new Map<string, Map<string, string>>();

  async open(): Promise<void> {}
  async close(): Promise<void> {}

  readonly conversations: ConversationTable = {
    get: async (key) => {
      const text = this.#conversations.get(key);
      return text === undefined ? undefined : Conversation.parse(JSON.parse(text));
    },
    put: async (conversation) => {
      this.#conversations.set(conversation.key, JSON.stringify(Conversation.parse(conversation)));
    },
    delete: async (key) => {
      this.#conversations.delete(key);
    },
    keys: async () => [...this.#conversations.keys()],
  };

  collection<T extends Identified>(name: string, schema: z.ZodType<T>): RecordCollection<T> {
    let rows = this.#collections.get(name);
    if (!rows) this.#collections.set(name, (rows = new Map()));
    const table = rows;
    return {
      all: () => [...table.values()].map((text) => schema.parse(JSON.parse(text))),
      size: () => table.size,
      get: (id) => {
        const text = table.get(id);
        return text === undefined ? undefined : schema.parse(JSON.parse(text));
      },
      put: async (record) => {
        table.set(record.id, JSON.stringify(schema.parse(record)));
      },
      delete: async (id) => {
        table.delete(id);
      },
      deleteMany: async (ids) => {
        for (const id of ids) table.delete(id);
      },
    };
  }
}
