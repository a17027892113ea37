import { describe, expect, it } from 'vitest';
import type { BotIdentity, TgMessage, TgUpdate } from '../../adapters/telegram/bot-api.ts';
import { addressedText, translateUpdate } from '../../adapters/telegram/incoming.ts';

const me: BotIdentity = { id: 666, username: 'HealthBot' };
const ana = { id: 42, is_bot: false, first_name: 'Ana', last_name: 'Silva', language_code: 'pt-BR' };
const identity = (data: string) => data;

function message(fields: Partial<TgMessage> = {}): TgUpdate {
  return { update_id: 1, message: { message_id: 7, chat: { id: 42, type: 'private' }, from: ana, text: 'hello', ...fields } };
}

function group(text: string, fields: Partial<TgMessage> = {}): TgUpdate {
  return message({ chat: { id: -100500, type: 'supergroup' }, text, ...fields });
}

/** The text the engine would get, or 'ignored'. */
function seen(update: TgUpdate): string | undefined {
  const translated = translateUpdate(update, me, identity);
  return translated.kind === 'ignored' ? 'ignored' : translated.incoming.text;
}

describe('Telegram update → Incoming', () => {
  it('should pass a private message with its address, name, language hint and message id', () => {
    expect(translateUpdate(message(), me, identity)).toEqual({
      kind: 'message',
      incoming: {
        address: { platform: 'telegram', chatId: '42', userId: '42' },
        text: 'hello',
        displayName: 'Ana Silva',
        languageHint: 'pt-BR',
        messageId: '42:7',
        chatType: 'private',
      },
    });
  });

  it('should pass a pressed button as a choice, decoded, with the callback query id', () => {
    const update: TgUpdate = { update_id: 2, callback_query: { id: '9001', from: ana, data: '~tok', message: { message_id: 7, chat: { id: 42, type: 'private' } } } };
    const translated = translateUpdate(update, me, (data) => (data === '~tok' ? 'start:trip' : data));
    expect(translated).toMatchObject({ kind: 'callback', callbackQueryId: '9001', incoming: { choice: 'start:trip', messageId: 'cb:9001', address: { chatId: '42', userId: '42' } } });
  });

  it('should still hand back the id of a button press it ignores, so it can be answered', () => {
    const update: TgUpdate = { update_id: 3, callback_query: { id: '9002', from: ana, message: { message_id: 7, chat: { id: 42, type: 'private' } } } };
    expect(translateUpdate(update, me, identity)).toMatchObject({ kind: 'ignored', callbackQueryId: '9002' });
  });

  it('should pass the message replied to as chat:message', () => {
    const translated = translateUpdate(message({ reply_to_message: { message_id: 5 } }), me, identity);
    expect(translated.kind !== 'ignored' && translated.incoming.replyTo).toBe('42:5');
  });

  it.each([
    [{ photo: [{}] }, 'photo'],
    [{ voice: {} }, 'voice'],
    [{ sticker: {} }, 'sticker'],
    [{ location: {} }, 'location'],
    [{ document: {} }, 'file'],
    [{ video: {} }, 'video'],
    [{ contact: {} }, 'contact'],
  ])('should pass %o as the attachment kind %s', (fields, kind) => {
    const translated = translateUpdate(message({ text: undefined, ...fields }), me, identity);
    expect(translated).toMatchObject({ kind: 'message', incoming: { attachment: kind } });
    expect(translated.kind !== 'ignored' && translated.incoming.text).toBeUndefined();
  });

  it('should pass a caption with its photo, so words on a photo are still read', () => {
    expect(seen(message({ text: undefined, photo: [{}], caption: 'my husband is not breathing' }))).toBe('my husband is not breathing');
  });

  it('should ignore service messages, channels and other bots', () => {
    expect(seen(message({ text: undefined }))).toBe('ignored');
    expect(seen(message({ chat: { id: -1001, type: 'channel' } }))).toBe('ignored');
    expect(seen(message({ from: { id: 7, is_bot: true, first_name: 'Other' } }))).toBe('ignored');
  });
});

describe('group chats', () => {
  it('should ignore a message that does not mention the bot', () => {
    expect(seen(group('hello everyone'))).toBe('ignored');
  });

  it('should read a mention of the bot, with the mention taken out', () => {
    expect(seen(group('@HealthBot what does insurance cover?', { entities: [{ type: 'mention', offset: 0, length: 10 }] }))).toBe('what does insurance cover?');
    expect(seen(group('hey @healthbot, help', { entities: [{ type: 'mention', offset: 4, length: 10 }] }))).toBe('hey , help');
  });

  it('should read a text mention of the bot (a mention without a username)', () => {
    expect(seen(group('Health Bot help', { entities: [{ type: 'text_mention', offset: 0, length: 10, user: { id: 666, is_bot: true } }] }))).toBe('help');
  });

  it('should not count a mention of someone else', () => {
    expect(seen(group('@someone hi', { entities: [{ type: 'mention', offset: 0, length: 8 }] }))).toBe('ignored');
  });

  it('should read its commands, and ignore commands for another bot', () => {
    expect(seen(group('/help'))).toBe('/help');
    expect(seen(group('/help@HealthBot'))).toBe('/help@HealthBot');
    expect(seen(group('/help@OtherBot'))).toBe('ignored');
  });

  it('should read a reply to one of its messages, and mark the chat as a group', () => {
    const update = group('and for children?', { reply_to_message: { message_id: 11, from: { id: 666, is_bot: true } } });
    expect(translateUpdate(update, me, identity)).toMatchObject({ kind: 'message', incoming: { text: 'and for children?', chatType: 'group', replyTo: '-100500:11' } });
  });

  it('should keep offsets right when an emoji comes before the mention', () => {
    expect(addressedText('👋 @HealthBot hi', [{ type: 'mention', offset: 3, length: 10 }], me, false)).toBe('👋 hi');
  });
});
