/**
 * The state store contract: conversations plus named record collections.
 * Backends: `memory-state-store.ts` for fast tests, `file-state-store.ts` (lowdb) for the product.
 */
import type { z } from 'zod';
import type { Conversation, Identified } from './records.ts';

/** A named set of records of one schema (tickets, unanswered questions). */
export interface RecordCollection<T extends Identified> {
  all(): T[];
  /** How many records there are, without reading them. */
  size(): number;
  get(id: string): T | undefined;
  /** Writes one record durably; rejects (and keeps the old record) when the write fails. */
  put(record: T): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes several records in one durable write. */
  deleteMany(ids: readonly string[]): Promise<void>;
}

export interface ConversationTable {
  /** A fresh copy of the stored conversation: changing it changes nothing until `put`. */
  get(key: string): Promise<Conversation | undefined>;
  /**
   * Writes durably (atomic on disk); on failure the stored copy stays as it was. The store may
   * keep parts of `conversation` for the next `get`, so the caller must not change it afterwards.
   */
  put(conversation: Conversation): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

export interface StateStore {
  /** Checks every stored record; throws StoreError naming the file when one is broken. */
  open(): Promise<void>;
  close(): Promise<void>;
  readonly conversations: ConversationTable;
  /** Declares a collection; call before `open()` so its file is checked at start. */
  collection<T extends Identified>(name: string, schema: z.ZodType<T>): RecordCollection<T>;
}
