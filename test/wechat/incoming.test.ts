/**
 * Which WeChat messages the bot answers, and the Incoming it hands the engine for them.
 */
import { types } from 'wechaty';
import { describe, expect, it } from 'vitest';
import { WECHAT_EMOJI_CODES } from '../../adapters/wechat/emoji-codes.ts';
import { attachmentKind, emojiFromCodes, type MessageFacts, stripMentions, toIncoming } from '../../adapters/wechat/incoming.ts';

/** Facts of a fresh text message from Ana in a one-to-one chat, with any fields replaced. */
function facts(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return {
    id: 'msg-1',
    type: types.Message.Text,
    text: '你好',
    self: false,
    ageSeconds: 1,
    talker: { id: 'wxid_ana', name: 'Ana', type: types.Contact.Individual },
    ...overrides,
  };
}

/** The same message sent in a room. */
function inRoom(room: Partial<NonNullable<MessageFacts['room']>> = {}, overrides: Partial<MessageFacts> = {}): MessageFacts {
  return facts({
    room: { id: 'room-1@chatroom', topic: 'Expats in Shanghai', mentionSelf: false, mentionText: '你好', selfNames: ['Helper'], ...room },
    ...overrides,
  });
}

describe('WeChat message to Incoming', () => {
  it('should pass a one-to-one text with the contact id as chat and person', () => {
    expect(toIncoming(facts()).incoming).toEqual({
      address: { platform: 'wechat', chatId: 'wxid_ana', userId: 'wxid_ana' },
      chatType: 'private',
      messageId: 'msg-1',
      displayName: 'Ana',
      text: '你好',
    });
  });

  it('should skip the bot’s own messages, official accounts and replayed history', () => {
    expect(toIncoming(facts({ self: true })).skip).toBe('self');
    expect(toIncoming(facts({ talker: { id: 'gh_news', name: 'News', type: types.Contact.Official } })).skip).toBe('official');
    expect(toIncoming(facts({ ageSeconds: 2 * 60 * 60 })).skip).toBe('stale');
  });

  it('should turn each kind of non-text message into its attachment kind', () => {
    const kinds = [
      [types.Message.Image, 'photo'],
      [types.Message.Audio, 'voice'],
      [types.Message.Video, 'video'],
      [types.Message.Attachment, 'file'],
      [types.Message.Emoticon, 'emoticon'],
      [types.Message.MiniProgram, 'miniprogram'],
      [types.Message.Url, 'link'],
      [types.Message.Contact, 'contact'],
      [types.Message.Location, 'location'],
    ] as const;
    for (const [type, kind] of kinds) {
      expect(toIncoming(facts({ type, text: '' })).incoming).toMatchObject({ attachment: kind });
      expect(toIncoming(facts({ type, text: '' })).incoming?.text).toBeUndefined();
    }
  });

  it('should leave system notices, recalls and money transfers unanswered', () => {
    for (const type of [types.Message.Unknown, types.Message.Recalled, types.Message.Transfer, types.Message.RedEnvelope]) {
      expect(attachmentKind(type)).toBeUndefined();
      expect(toIncoming(facts({ type })).skip).toBe('not-a-message');
    }
  });

  it('should ignore a room message that does not mention the bot', () => {
    expect(toIncoming(inRoom()).skip).toBe('group-not-mentioned');
    expect(toIncoming(inRoom({}, { type: types.Message.Image })).skip).toBe('group-not-mentioned');
  });

  it('should answer a mention in a room, without the mention, as a group message from that person', () => {
    const translated = toIncoming(inRoom({ mentionSelf: true, mentionText: '@Helper\u2005医保怎么办？' }, { text: '@Helper\u2005医保怎么办？' }));
    expect(translated.incoming).toMatchObject({
      address: { platform: 'wechat', chatId: 'room-1@chatroom', userId: 'wxid_ana' },
      chatType: 'group',
      text: '医保怎么办？',
    });
  });

  it('should pass every text from the staff room, and nothing else from it', () => {
    const staff = { staffRoom: 'Support team' };
    expect(toIncoming(inRoom({ topic: 'Support team' }, { text: '/claim 12' }), staff).incoming).toMatchObject({ chatType: 'group', text: '/claim 12' });
    expect(toIncoming(inRoom({ topic: 'Support team' }, { type: types.Message.Image }), staff).skip).toBe('staff-room-non-text');
    expect(toIncoming(inRoom({ topic: 'Support team' }, { text: '/claim 12' })).skip).toBe('group-not-mentioned');
  });

  it('should strip mentions written with either WeChat’s narrow space or a plain one', () => {
    expect(stripMentions('@Helper\u2005签证', ['Helper'])).toBe('签证');
    expect(stripMentions('请问 @Helper 签证', ['Helper'])).toBe('请问 签证');
    expect(stripMentions('@小助手(bot)', ['小助手(bot)'])).toBe('');
    expect(stripMentions('email me at a@Helper.cn', ['Helper'])).toBe('email me at a@Helper.cn');
  });

  it('should pass WeChat’s face codes as emoji, whichever language the sender’s WeChat is in', () => {
    expect(toIncoming(facts({ text: '谢谢[强]' })).incoming?.text).toBe('谢谢👍');
    expect(toIncoming(facts({ text: '[Smile]' })).incoming?.text).toBe('😊');
    expect(toIncoming(facts({ text: '[Thumbs Up][流淚]' })).incoming?.text).toBe('👍😢');
  });

  it('should pass face codes as emoji in a room mention too', () => {
    const text = '@Helper\u2005[微笑]';
    expect(toIncoming(inRoom({ mentionSelf: true, mentionText: text }, { text })).incoming?.text).toBe('😊');
  });

  it('should leave bracketed text that is no WeChat code as it is', () => {
    expect(emojiFromCodes('see [1] and [attached], [smile] or [微笑')).toBe('see [1] and [attached], [smile] or [微笑');
  });

  it('should give each WeChat code one emoji', () => {
    const codes = WECHAT_EMOJI_CODES.flatMap(([, ...names]) => names);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });

  describe('quote replies (WeChat passes the quoted text, a dashed line, then the reply)', () => {
    const quote = (name: string, quoted: string, reply: string) => `「${name}：${quoted}」\n- - - - - - - - - - - - - - -\n${reply}`;
    const article = 'Call 120 at once for:\n• trouble breathing\n• chest pain';

    it('should pass only the reply of a person who quotes the bot, with the quoted words aside', () => {
      const incoming = toIncoming(facts({ text: quote('Helper', article, 'does insurance pay for this?'), selfName: 'Helper' })).incoming;
      expect(incoming?.text).toBe('does insurance pay for this?');
      expect(incoming?.quoted).toBe(article);
    });

    it('should pass only the reply when a person quotes someone else, and nothing aside', () => {
      const incoming = toIncoming(facts({ text: quote('Mum', 'call me when you land', 'how do I call an ambulance'), selfName: 'Helper' })).incoming;
      expect(incoming?.text).toBe('how do I call an ambulance');
      expect(incoming?.quoted).toBeUndefined();
    });

    it('should answer a room member who quotes the bot without mentioning it, as a reply to it', () => {
      const text = quote('Helper', 'Visa for medical treatment: checklist', 'and for my wife?');
      expect(toIncoming(inRoom({ mentionText: text }, { text })).incoming?.text).toBe('and for my wife?');
    });

    it('should leave a room member who quotes someone else alone', () => {
      const text = quote('Li', 'anyone know a dentist?', 'try the one near Jing’an');
      expect(toIncoming(inRoom({ mentionText: text }, { text })).skip).toBe('group-not-mentioned');
    });

    it('should leave ordinary text with brackets as it is', () => {
      expect(toIncoming(facts({ text: '「重要」请看 - - -', selfName: 'Helper' })).incoming?.text).toBe('「重要」请看 - - -');
    });
  });
});
