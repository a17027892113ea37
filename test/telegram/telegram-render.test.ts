import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CALLBACK_COLLECTION, createCallbackCodec, MAX_CALLBACK_BYTES, renderReply } from '../../adapters/telegram/telegram-render.ts';
import { MemoryStateStore } from '../../src/store/memory-state-store.ts';
import { LONG_TEXT } from './test-plugins.ts';

const codec = () => createCallbackCodec(new MemoryStateStore());

describe('rendering a reply for Telegram', () => {
  it('should keep what a person typed as plain text, markup and all', async () => {
    const { parts } = await renderReply({ text: 'You wrote <b>bold</b>, _x_ and *y* & [z](u)' }, codec());
    expect(parts).toEqual(['You wrote <b>bold</b>, _x_ and *y* & [z](u)']);
  });

  it('should split long text between paragraphs, in order, with the buttons for the last part', async () => {
    const { parts, keyboard } = await renderReply({ text: LONG_TEXT, choices: [{ id: 'cmd:menu', label: 'Main menu' }], hint: 'Reply with a number' }, codec());
    expect(parts).toHaveLength(3);
    expect(parts.join('\n\n')).toBe(LONG_TEXT);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(keyboard).toEqual([[{ text: 'Main menu', callback_data: 'cmd:menu' }]]);
  });

  it('should show choices as buttons, not as a numbered list', async () => {
    const { parts, keyboard } = await renderReply({ text: 'Pick', choices: [{ id: 'a', label: 'One' }, { id: 'b', label: 'Two' }], hint: 'Reply with a number' }, codec());
    expect(parts).toEqual(['Pick']);
    expect(keyboard?.flat().map((b) => b.text)).toEqual(['One', 'Two']);
  });

  it('should never send blank text', async () => {
    expect((await renderReply({ text: '', choices: [{ id: 'a', label: 'One' }] }, codec())).parts).toEqual(['…']);
  });
});

describe('callback data', () => {
  it('should pass a choice id that fits as it is', async () => {
    expect(await codec().encode('ans:treatment')).toBe('ans:treatment');
  });

  it('should map ids over 64 bytes (counted in UTF-8) to a short token that decodes back', async () => {
    const ids = [`echo:${'x'.repeat(100)}`, `ans:${'签'.repeat(20)}`];
    const c = codec();
    for (const id of ids) {
      const data = await c.encode(id);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
      expect(c.decode(data)).toBe(id);
    }
  });

  it('should keep tokens in the store, so a new codec (after a restart) still decodes them', async () => {
    const store = new MemoryStateStore();
    const id = `checklist:tick:${'passport-copy-'.repeat(6)}`;
    const data = await createCallbackCodec(store).encode(id);
    expect(createCallbackCodec(store).decode(data)).toBe(id);
    expect(store.collection(CALLBACK_COLLECTION, z.looseObject({ id: z.string() })).all()).toHaveLength(1);
  });

  it('should give the same token for the same id, and tokenise ids that look like tokens', async () => {
    const c = codec();
    const long = `x:${'y'.repeat(80)}`;
    expect(await c.encode(long)).toBe(await c.encode(long));
    const tricky = await c.encode('~looks-like-a-token');
    expect(tricky).not.toBe('~looks-like-a-token');
    expect(c.decode(tricky)).toBe('~looks-like-a-token');
  });

  it('should hand an unknown token to the engine unchanged, which calls it expired', () => {
    expect(codec().decode('~gone')).toBe('~gone');
  });
});
