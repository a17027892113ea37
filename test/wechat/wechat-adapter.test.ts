/**
 * People on WeChat talking to the bot, on wechaty-puppet-mock: once with the puppet in process,
 * once through wechaty-puppet-service's PuppetServer on loopback (gRPC, as token-based puppets
 * are reached in production). The same stories must hold on both.
 */
import { describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { WECHAT_CAPABILITIES } from '../../adapters/wechat/index.ts';
import { checklistPlugin, visaFlow } from '../../flows/visa-checklist.ts';
import type { Address } from '../../src/message.ts';
import { tripFlow } from '../fixtures/flows.ts';
import { FIXTURE_LOCALES } from '../helpers/app.ts';
import { TRANSPORTS, until, type WechatWorld, wechatWorld } from './wechat-world.ts';

const withTrip = { flows: [tripFlow], extraLocaleDirs: [FIXTURE_LOCALES] };

/** The engine's English answer to a message with no words in it. */
const NO_WORDS_EN = 'I can only understand words.';

/** A student asks about insurance in English and gets the answer, then sends `face`: the bot's words to it, and her stored conversation. */
async function faceAfterAnswer(wx: WechatWorld, face: string) {
  const sam = wx.person('Sam');
  expect((await sam.send('Do foreign students in China have to have health insurance?')).join('\n')).toContain('Ministry of Education');
  const reply = (await sam.send(face)).join('\n');
  return { reply, conversation: await wx.app.store.conversations.get(`wechat:${sam.id}:${sam.id}`) };
}

/** The bot logged a message of its own as skipped (so it did not answer itself). */
const sawOwnMessage = (wx: WechatWorld) => wx.logs.some((line) => line.includes('"wechat.skipped"') && line.includes('"reason":"self"'));

describe.each(TRANSPORTS)('WeChat adapter (%s)', (transport) => {
  it('should walk a Chinese speaker through the trip flow with numbered replies', async () => {
    const wx = await wechatWorld(transport, withTrip);
    const ana = wx.person('Ana');

    const [menu] = await ana.send('你好');
    expect(menu).toContain('您好！');
    expect(menu).toMatch(/^1\. 行程规划$/m);
    expect(menu).toContain('请回复数字');

    const [purpose] = await ana.send('1');
    expect(purpose).toContain('您来的目的是？');
    expect(purpose).toMatch(/^1\. 本人治疗\n2\. 陪同病人$/m);

    expect((await ana.send('2')).join('\n')).toContain('您需要什么？');
    expect((await ana.send('1, 2')).join('\n')).toContain('您已经在中国了吗？');
    expect((await ana.send('1')).join('\n')).toContain('您会停留多少天？');
    expect((await ana.send('30')).join('\n')).toContain('还有别的吗？');
    const result = (await ana.send('跳过')).join('\n');
    expect(result).toContain('您的行程：');
    expect(result).toContain('"purpose":"companion"');
    expect(result).toContain('"days":30');

    expect(ana.inbox.every((text) => text.length <= WECHAT_CAPABILITIES.maxText)).toBe(true);
  });

  it('should build a visa checklist in Chinese and tick items by number', async () => {
    const wx = await wechatWorld(transport, { flows: [visaFlow], plugins: [checklistPlugin] });
    const ana = wx.person('Ana');
    expect((await ana.send('你好')).join('\n')).toMatch(/^1\. 赴华就医签证材料清单$/m);
    expect((await ana.send('1')).join('\n')).toContain('这次是谁来治疗？');
    expect((await ana.send('1')).join('\n')).toContain('预计在中国停留多久？');
    expect((await ana.send('1')).join('\n')).toContain('您现在已经在中国了吗？');
    expect((await ana.send('2')).join('\n')).toContain('您在中国住在哪里？');
    const result = await ana.send('1');
    expect(result.every((part) => part.length <= WECHAT_CAPABILITIES.maxText)).toBe(true);
    expect(result.at(-1)).toMatch(/^1\. 📋 查看我的清单$/m);

    const list = (await ana.send('1')).join('\n');
    expect(list).toContain('已完成 0/');
    expect(list).toMatch(/^☐ 2\. /m);
    const afterTwo = (await ana.send('2')).join('\n');
    expect(afterTwo).toContain('✅ 已完成：');
    expect(afterTwo).toMatch(/^✅ 2\. /m);
    const afterThree = (await ana.send('完成 3')).join('\n');
    expect(afterThree).toContain('已完成 2/');
    expect(afterThree).toMatch(/^✅ 3\. /m);
  });

  it('should not answer its own messages', async () => {
    const wx = await wechatWorld(transport, withTrip);
    const ana = wx.person('Ana');
    await ana.send('你好');
    await ana.send('1');
    await until(() => sawOwnMessage(wx), 'the bot to see its own message');
    await wx.adapter.idle();
    expect(ana.inbox).toHaveLength(2);
    expect(await wx.app.store.conversations.keys()).toEqual([`wechat:${ana.id}:${ana.id}`]);
  });

  it('should answer in a room only when mentioned, @-mentioning the person', async () => {
    const wx = await wechatWorld(transport, withTrip);
    const ana = wx.person('Ana');
    const boris = wx.person('Boris');
    const room = wx.room('在沪外国人', [ana, boris]);

    room.say(ana, '大家好，有人知道怎么办医保吗？');
    room.say(ana, '你好', { mention: true });
    const said = await room.replies(0);

    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^@Ana /);
    expect(said[0]).toMatch(/^1\. 行程规划$/m);
    expect(await wx.app.store.conversations.keys()).toEqual([`wechat:${room.room.id}:${ana.id}`]);
  });

  it('should pass every text from the staff room, mentioned or not', async () => {
    const wx = await wechatWorld(transport, { ...withTrip, env: { STAFF_WECHAT_ROOM: '客服组' } });
    const staff = wx.person('Wang');
    const room = wx.room('客服组', [staff]);
    room.say(staff, '菜单');
    const said = await room.replies(0);
    expect(said.join('\n')).toContain('1. 行程规划');
  });

  it('should answer a photo, a voice note and a link politely, in Chinese for a newcomer', async () => {
    const wx = await wechatWorld(transport);
    const ana = wx.person('Ana');
    expect((await ana.sendKind(types.Message.Image))[0]).toContain('无法打开这个图片');
    expect((await ana.sendKind(types.Message.Audio))[0]).toContain('语音');
    expect((await ana.sendKind(types.Message.Url))[0]).toContain('链接');
  });

  it('should take [Smile] after an answer as a face, not as a new question, for a student on an English WeChat', async () => {
    const { reply, conversation } = await faceAfterAnswer(await wechatWorld(transport), '[Smile]');
    expect(reply).toContain(NO_WORDS_EN);
    expect(conversation).toMatchObject({ lang: 'en', failures: 0 });
  });

  it('should keep English and count no miss when a student whose WeChat is in Chinese sends [微笑] after an English answer', async () => {
    const { reply, conversation } = await faceAfterAnswer(await wechatWorld(transport), '[微笑]');
    expect(reply).toContain(NO_WORDS_EN);
    expect(conversation).toMatchObject({ lang: 'en', failures: 0 });
  });

  it('should give the ambulance number 120 in the first reply to an emergency in Chinese', async () => {
    const wx = await wechatWorld(transport, withTrip);
    const ana = wx.person('Ana');
    await ana.send('你好');
    await ana.send('1');
    const [first] = await ana.send('我朋友晕倒了，没有呼吸');
    expect(first).toContain('120');
  });

  it('should answer what a person asks when she quotes the bot’s list of red flags, not raise an emergency from the quoted words', async () => {
    const wx = await wechatWorld(transport);
    const ana = wx.person('Ana');
    const article = (await ana.send('when should I call 120?')).join('\n');
    expect(article).toContain('trouble breathing');
    const answer = (await ana.send(`「${wx.selfName}：${article}」\n- - - - - - - - - - - - - - -\nhow much does an ambulance cost?`)).join('\n');
    expect(answer).not.toContain('Call 120 now for an ambulance');
    expect(answer).toContain('Is the ambulance free?');
  });

  it('should send a long answer as readable parts, in order', async () => {
    const wx = await wechatWorld(transport);
    const ana = wx.person('Ana');
    const paragraphs = Array.from({ length: 12 }, (_, i) => `第${i + 1}段。${'说明文字。'.repeat(50)}`);
    const address: Address = { platform: 'wechat', chatId: ana.id, userId: ana.id };
    await wx.app.engine.send(address, [{ text: paragraphs.join('\n\n') }]);
    await until(() => ana.inbox.join('').includes('第12段'), 'the last part');
    expect(ana.inbox.length).toBeGreaterThan(1);
    expect(ana.inbox.every((part) => part.length <= WECHAT_CAPABILITIES.maxText)).toBe(true);
    expect(ana.inbox.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('should accept a friend request and greet once the friendship is confirmed', async () => {
    const wx = await wechatWorld(transport, { confirmWaitMs: 200 });
    const carla = wx.person('Carla');
    const puppet = wx.mocker.puppet;
    await puppet.friendshipPayload('fr-receive', { id: 'fr-receive', contactId: carla.id, hello: '你好，我想问保险', ticket: 't', timestamp: Date.now(), type: types.Friendship.Receive });
    puppet.emit('friendship', { friendshipId: 'fr-receive' });
    await until(() => wx.logs.some((line) => line.includes('"wechat.friend_accepted"')), 'the request to be accepted');

    await puppet.friendshipPayload('fr-confirm', { id: 'fr-confirm', contactId: carla.id, timestamp: Date.now(), type: types.Friendship.Confirm });
    puppet.emit('friendship', { friendshipId: 'fr-confirm' });
    await until(() => carla.inbox.length > 0, 'the greeting');
    // Past the wait for a confirmation: the fallback greeting must not come on top.
    await new Promise((wake) => setTimeout(wake, 400));
    await wx.adapter.idle();
    expect(carla.inbox).toHaveLength(1);
    expect(carla.inbox[0]).toContain('您好！');
    expect(carla.inbox[0]).toContain('120');
  });

  it('should greet a new friend even when the puppet never reports the confirmation', async () => {
    const wx = await wechatWorld(transport, { confirmWaitMs: 50 });
    const carla = wx.person('Carla');
    const puppet = wx.mocker.puppet;
    await puppet.friendshipPayload('fr-receive', { id: 'fr-receive', contactId: carla.id, ticket: 't', timestamp: Date.now(), type: types.Friendship.Receive });
    puppet.emit('friendship', { friendshipId: 'fr-receive' });
    await until(() => carla.inbox.length > 0, 'the greeting');
    expect(carla.inbox[0]).toContain('您好！');
  });

  it('should leave friend requests to a person when auto-accept is off', async () => {
    const wx = await wechatWorld(transport, { env: { WECHAT_AUTO_ACCEPT_FRIENDS: 'off' }, confirmWaitMs: 50 });
    const carla = wx.person('Carla');
    const puppet = wx.mocker.puppet;
    await puppet.friendshipPayload('fr-receive', { id: 'fr-receive', contactId: carla.id, ticket: 't', timestamp: Date.now(), type: types.Friendship.Receive });
    puppet.emit('friendship', { friendshipId: 'fr-receive' });
    await until(() => wx.logs.some((line) => line.includes('"wechat.friend_request"')), 'the request to be noted');
    expect(wx.logs.join('\n')).not.toContain('"wechat.friend_accepted"');
    expect(carla.inbox).toHaveLength(0);
  });
});
