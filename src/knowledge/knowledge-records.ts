/**
 * What the knowledge feature writes to the state store: questions it could not answer (for staff
 * to write new articles) and helpful/not-helpful presses. Neither carries a user id: the text of
 * a question is health data, so it is kept apart from who asked it.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Lang } from '../message.ts';
import type { RecordCollection, StateStore } from '../store/state-store.ts';

/** Collection of questions without a confident answer. */
export const UNANSWERED_COLLECTION = 'unanswered';
/** Collection of helpful / not-helpful presses. */
export const FEEDBACK_COLLECTION = 'knowledge-feedback';
/** Most unanswered questions kept; the oldest go first. */
export const UNANSWERED_CAP = 5000;
/** Most helpful/not-helpful presses kept; the oldest go first (the file is rewritten on each press). */
export const FEEDBACK_CAP = 20_000;
/** Longest question text kept. */
export const MAX_QUESTION_TEXT = 500;

/** One question the bot had no confident answer for. */
export const UnansweredRecord = z.object({
  id: z.string(),
  text: z.string().max(MAX_QUESTION_TEXT),
  lang: Lang,
  /** ISO time. */
  at: z.string(),
});
export type UnansweredRecord = z.infer<typeof UnansweredRecord>;

/** One press of "helpful" or "not helpful" under an article. */
export const FeedbackRecord = z.object({
  id: z.string(),
  article: z.string(),
  vote: z.enum(['up', 'down']),
  /** ISO time. */
  at: z.string(),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecord>;

/** The two collections, declared on a state store. */
export interface KnowledgeCollections {
  unanswered: RecordCollection<UnansweredRecord>;
  feedback: RecordCollection<FeedbackRecord>;
}

/**
 * Declares the collections on a state store. Call it before the store's `open()`: the file store
 * loads (and checks) a collection's file only for collections declared by then.
 */
export function declareKnowledgeCollections(store: StateStore): KnowledgeCollections {
  return {
    unanswered: store.collection(UNANSWERED_COLLECTION, UnansweredRecord),
    feedback: store.collection(FEEDBACK_COLLECTION, FeedbackRecord),
  };
}

/**
 * Masks what identifies a person rather than a question (e-mail addresses, phone, passport and
 * card numbers) and trims the text to `MAX_QUESTION_TEXT`.
 * @example sanitizeQuestion('call me on +86 138 0013 8000') // 'call me on [number]'
 */
export function sanitizeQuestion(text: string): string {
  const masked = text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    // Six or more digits, possibly split by spaces or dashes; "+86" and letters before digits
    // (passport "E12345678") go with them. Short numbers ("120", "24 hours") stay.
    .replace(/\+?[A-Za-z]{0,2}\d(?:[\s-]?\d){5,}/g, '[number]')
    .replace(/\s+/g, ' ')
    .trim();
  return [...masked].slice(0, MAX_QUESTION_TEXT).join('');
}

/** Stores an unanswered question (under `id` when given) and drops the oldest beyond `cap`. */
export async function recordUnanswered(
  collection: RecordCollection<UnansweredRecord>,
  question: { id?: string; text: string; lang: Lang; at: Date },
  cap = UNANSWERED_CAP,
): Promise<void> {
  const text = sanitizeQuestion(question.text);
  if (!text) return;
  await collection.put({ id: question.id ?? randomUUID(), text, lang: question.lang, at: question.at.toISOString() });
  await dropOldest(collection, cap);
}

/** Stores one feedback press and drops the oldest beyond `cap`. */
export async function recordFeedback(collection: RecordCollection<FeedbackRecord>, vote: { article: string; vote: 'up' | 'down'; at: Date }, cap = FEEDBACK_CAP): Promise<void> {
  await collection.put({ id: randomUUID(), article: vote.article, vote: vote.vote, at: vote.at.toISOString() });
  await dropOldest(collection, cap);
}

/**
 * Past `cap`, trims the collection to a tenth below it in one write, so a full log is read and
 * rewritten once per many records rather than on every one.
 */
async function dropOldest<T extends { id: string; at: string }>(collection: RecordCollection<T>, cap: number): Promise<void> {
  if (collection.size() <= cap) return;
  const all = collection.all();
  const keep = cap - Math.floor(cap / 10);
  const oldest = all.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)).slice(0, all.length - keep);
  await collection.deleteMany(oldest.map((record) => record.id));
}
