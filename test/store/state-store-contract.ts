/**
 * The one contract every state store backend passes; it never branches on which backend it runs.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Conversation } from '../../src/store/records.ts';
import type { StateStore } from '../../src/store/state-store.ts';

export function sampleConversation(key = 'console:chat-ana:ana'): Conversation {
  const [platform, chatId, userId] = key.split(':') as ['console', string, string];
  return {
    key,
    address: { platform, chatId, userId },
    lang: 'zh',
    lastChoices: [{ id: 'start:visa', label: '签证清单' }],
    failures: 0,
    transcript: [{ from: 'person', text: '签证要准备什么材料', at: '2026-11-24T10:00:00.000Z' }],
    seen: ['m1'],
    extras: { checklist: { items: ['passport'], ticked: ['passport'] } },
    flow: { id: 'visa', version: 1, step: 'stay', answers: { purpose: 'self' }, history: ['purpose'], attempts: 0 },
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
  };
}

const Note = z.object({ id: z.string(), text: z.string() });

export function describeStateStore(name: string, make: () => Promise<{ store: StateStore; reopen: () => Promise<StateStore> }>): void {
  describe(`${name} state store`, () => {
    it('should give back a stored conversation exactly', async () => {
      const { store } = await make();
      await store.conversations.put(sampleConversation());
      expect(await store.conversations.get('console:chat-ana:ana')).toEqual(sampleConversation());
    });

    it('should hand out copies, so changing one changes nothing stored', async () => {
      const { store } = await make();
      await store.conversations.put(sampleConversation());
      const copy = await store.conversations.get('console:chat-ana:ana');
      if (copy) copy.lang = 'ru';
      expect((await store.conversations.get('console:chat-ana:ana'))?.lang).toBe('zh');
    });

    it('should give two readers of one conversation objects of their own, down to the checklist', async () => {
      const { store } = await make();
      await store.conversations.put(sampleConversation());
      const first = await store.conversations.get('console:chat-ana:ana');
      const second = await store.conversations.get('console:chat-ana:ana');
      (first?.extras.checklist as { ticked: string[] } | undefined)?.ticked.push('photo');
      first?.transcript.push({ from: 'person', text: 'never saved', at: '2026-11-24T10:01:00.000Z' });
      expect(second).toEqual(sampleConversation());
      expect(await store.conversations.get('console:chat-ana:ana')).toEqual(sampleConversation());
    });

    it('should know nothing of a person never seen', async () => {
      const { store } = await make();
      expect(await store.conversations.get('telegram:1:1')).toBeUndefined();
    });

    it('should delete one person and keep the others', async () => {
      const { store } = await make();
      await store.conversations.put(sampleConversation('console:a:a'));
      await store.conversations.put(sampleConversation('console:b:b'));
      await store.conversations.delete('console:a:a');
      expect(await store.conversations.get('console:a:a')).toBeUndefined();
      expect((await store.conversations.keys()).sort()).toEqual(['console:b:b']);
    });

    it('should refuse to store a conversation that breaks the schema', async () => {
      const { store } = await make();
      const broken = { ...sampleConversation(), lang: 'fr' } as unknown as Conversation;
      await expect(store.conversations.put(broken)).rejects.toThrow();
      expect(await store.conversations.get('console:chat-ana:ana')).toBeUndefined();
    });

    it('should keep records of a named collection across a reopen', async () => {
      const { store, reopen } = await make();
      await store.collection('notes', Note).put({ id: 'n1', text: 'first' });
      await store.conversations.put(sampleConversation());
      await store.close();
      const again = await reopen();
      expect(again.collection('notes', Note).get('n1')).toEqual({ id: 'n1', text: 'first' });
      expect((await again.conversations.get('console:chat-ana:ana'))?.flow?.step).toBe('stay');
    });

    it('should keep every record of a collection written at once, and a delete among them, across a reopen', async () => {
      const { store, reopen } = await make();
      const notes = store.collection('notes', Note);
      await Promise.all([notes.put({ id: 'n1', text: 'one' }), notes.put({ id: 'n2', text: 'two' }), notes.put({ id: 'n3', text: 'three' }), notes.delete('n2')]);
      await store.close();
      const again = await reopen();
      expect(again.collection('notes', Note).all().map((n) => n.id).sort()).toEqual(['n1', 'n3']);
    });
  });
}
