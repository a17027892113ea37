/**
 * The operator logging the bot's WeChat account in: the QR code in the terminal and as a link,
 * plain log lines, and a logout that leaves the bot waiting for the next scan instead of dying.
 */
import { describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { TRANSPORTS, until, type WechatWorld, wechatWorld } from './wechat-world.ts';

const QR = 'https://login.weixin.qq.com/l/first-code';
const NEXT_QR = 'https://login.weixin.qq.com/l/next-code';
const linkTo = (qrcode: string) => `https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}`;
const logged = (wx: WechatWorld, event: string) => wx.logs.some((line) => line.includes(`"event":"${event}"`));

describe.each(TRANSPORTS)('WeChat login (%s)', (transport) => {
  it('should draw the login QR code in the terminal and print it as a link, once per code', async () => {
    const wx = await wechatWorld(transport, { loggedOut: true });
    wx.mocker.scan(QR, types.ScanStatus.Waiting);
    wx.mocker.scan(QR, types.ScanStatus.Waiting);
    wx.mocker.scan(NEXT_QR, types.ScanStatus.Timeout);
    await until(() => wx.printed.join('').includes(linkTo(NEXT_QR)), 'the second QR code');

    const printed = wx.printed.join('');
    expect(printed.split(linkTo(QR)).length - 1).toBe(1);
    expect(printed).toMatch(/[▀▄█]{10}/);
    expect(logged(wx, 'wechat.scan')).toBe(true);
  });

  it('should say so on logout, keep running, and answer again after the next scan', async () => {
    const wx = await wechatWorld(transport, { loggedOut: true });
    await wx.logIn();
    expect(wx.printed.join('')).toContain('Logged in to WeChat as 小助手');
    expect(logged(wx, 'wechat.login')).toBe(true);

    await wx.mocker.puppet.logout('kicked out by the phone');
    await until(() => logged(wx, 'wechat.logout'), 'the logout to be logged');
    expect(wx.printed.join('')).toMatch(/WeChat logged out \(kicked out by the phone\)\. The bot keeps running/);
    expect(wx.adapter.bot?.isLoggedIn).toBe(false);

    wx.mocker.scan(NEXT_QR, types.ScanStatus.Waiting);
    await until(() => wx.printed.join('').includes(linkTo(NEXT_QR)), 'the next QR code');
    await wx.logIn();
    const [reply] = await wx.person('Ana').send('你好');
    expect(reply).toContain('您好！');
  });

  it('should find the staff room by its topic after login and report it once', async () => {
    const found: string[] = [];
    const wx = await wechatWorld(transport, { loggedOut: true, env: { STAFF_WECHAT_ROOM: '客服组' }, onStaffRoom: (room) => void found.push(room.chatId) });
    const wang = wx.person('Wang');
    wx.room('在沪外国人', [wang]);
    const staff = wx.room('客服组', [wang]);
    await wx.logIn();
    await until(() => found.length > 0, 'the staff room to be reported');
    staff.say(wang, '大家好');
    await staff.replies(0);
    expect(found).toEqual([staff.room.id]);
  });

  it('should keep the service token out of the logs', async () => {
    const wx = await wechatWorld(transport);
    await wx.person('Ana').send('你好');
    expect(wx.logs.join('\n')).not.toMatch(/insecure_[0-9a-f-]{36}/);
  });
});
