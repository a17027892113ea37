import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.ts';
import { loadSmalltalk } from '../../src/knowledge/smalltalk.ts';

describe('small talk', () => {
  it('should recognise greetings in all three languages, with a slip', async () => {
    const smalltalk = await loadSmalltalk();
    for (const text of ['hi', 'Hello!', '你好', 'Привет', 'helo', 'добрый день']) expect(smalltalk.detect(text), text).toBe('greeting');
  });

  it('should recognise thanks, okays and goodbyes in all three languages, with a slip', async () => {
    const smalltalk = await loadSmalltalk();
    for (const text of ['thanks!', 'Thank you so much', 'ok thanks', 'bye', 'thnks', '谢谢', '好的，谢谢', '收到', 'Спасибо большое!', 'понятно']) {
      expect(smalltalk.detect(text), text).toBe('thanks');
    }
  });

  it('should leave a question that starts with thanks to the search', async () => {
    const smalltalk = await loadSmalltalk();
    for (const text of ['thanks, and what visa does my wife need?', '谢谢，那我妈妈要办什么签证', 'спасибо, а какие документы нужны?']) expect(smalltalk.detect(text), text).toBeUndefined();
  });

  it('should recognise chat that is outside what the bot covers', async () => {
    const smalltalk = await loadSmalltalk();
    for (const text of ['Will it rain? what is the weather', 'tell me a joke', '你是谁', 'кто тебя создал', '12 * 7', '3加5等于几', 'сколько будет 2 плюс 2']) {
      expect(smalltalk.detect(text), text).toBe('outOfScope');
    }
  });

  it("should call a visa for Emily's mother, flying in to help with the baby, outside what the bot does, but not a companion's for treatment", async () => {
    const smalltalk = await loadSmalltalk();
    for (const text of ['my mom is flying in from the US to help with the baby, what visa does she need?', '妈妈来探亲需要什么签证', 'мама хочет приехать в гости, какая виза']) expect(smalltalk.detect(text), text).toBe('outOfScope');
    expect(smalltalk.detect('my mother will visit family and accompany me to the hospital, what visa?')).toBeUndefined();
  });

  it('should leave a tourist visa or a bank card to the search when the message is also about care, and only then', async () => {
    const smalltalk = await loadSmalltalk();
    for (const text of ['can I come for treatment on a tourist visa?', 'туристическая виза подойдет для лечения?', '医院能刷银行卡吗']) expect(smalltalk.detect(text), text).toBeUndefined();
    for (const text of ['how do I get a tourist visa', 'как получить туристическую визу', '怎么办银行卡']) expect(smalltalk.detect(text), text).toBe('outOfScope');
  });

  it('should leave health questions alone, even with numbers in them', async () => {
    const smalltalk = await loadSmalltalk();
    for (const text of ['is the ER open 24/7', 'slots open 1-14 days ahead?', 'visa for 180 days', 'how to say hi to the doctor in chinese']) {
      expect(smalltalk.detect(text), text).toBeUndefined();
    }
  });

  it('should stop start-up naming the file when the list is broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kb-smalltalk-'));
    try {
      await writeFile(join(dir, '_smalltalk.json'), JSON.stringify({ greetings: { en: [], zh: [], ru: [] }, thanks: { en: [], zh: [], ru: [] }, outOfScope: { en: [] }, patterns: ['('] }));
      const error: unknown = await loadSmalltalk(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toContain('_smalltalk.json');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
