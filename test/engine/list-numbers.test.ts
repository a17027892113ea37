/**
 * Numbers typed as picks: "2" means an item of the list on screen, never a question to search.
 */
import { describe, expect, it } from 'vitest';
import { person, testApp } from '../helpers/app.ts';

describe('a number typed as a pick', () => {
  it('should show a newcomer who types "1" before any list the menu, not "I am not sure"', async () => {
    const ana = person(await testApp());
    await ana.send('1');
    expect(ana.text()).toContain('There is no list to pick from right now');
    expect(ana.choices().map((c) => c.id)).toContain('start:visa');
  });

  it('should let the newcomer pick from that menu with the next number', async () => {
    const ana = person(await testApp());
    await ana.send('1');
    const visa = ana.choices().findIndex((c) => c.id === 'start:visa');
    await ana.send(String(visa + 1));
    expect(ana.text()).toContain('step 1 of');
  });

  it('should not count a number with nothing to pick as the bot failing to help', async () => {
    const ana = person(await testApp());
    await ana.send('1');
    await ana.send('0');
    await ana.send('9');
    expect(ana.text()).not.toContain('It looks like I am not helping');
  });

  it('should offer the same list again, in Chinese, to someone who types a number past its end', async () => {
    const li = person(await testApp());
    await li.send('外国人可以参加中国医保吗');
    const offered = li.choices().map((c) => c.id);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.length).toBeLessThan(9);
    await li.send('9');
    expect(li.text()).toContain('列表里没有 9');
    expect(li.choices().map((c) => c.id)).toEqual(offered);
  });

  it('should read a full-width number typed on a Chinese keyboard the same way', async () => {
    const li = person(await testApp());
    await li.send('你好');
    await li.send('９');
    expect(li.text()).toContain('列表里没有 ９');
  });

  it('should read a Chinese numeral as a pick from the list, not a search (二 is not the 二维码 of the e-certificate)', async () => {
    const li = person(await testApp(), { languageHint: 'zh' });
    await li.send('/start');
    await li.send('二');
    expect(li.text()).toContain('赴华就医签证材料清单');
    expect(li.text()).not.toContain('电子');
  });

  it('should not take the "2" of someone back the next day as the "👎 Not helpful" under yesterday\'s answer', async () => {
    let at = new Date('2026-12-01T20:00:00Z');
    const maria = person(await testApp({ now: () => at }));
    await maria.send('how do I pay at a chinese hospital?');
    expect(maria.choices().map((c) => c.id)).toContain('kb:down:hospital-payment');
    at = new Date('2026-12-02T09:00:00Z');
    await maria.send('2');
    expect(maria.text()).toContain('There is no list to pick from right now');
    expect(maria.text()).not.toContain('Thanks for telling me');
  });

  it('should still search "120", the ambulance number, as a question', async () => {
    const ana = person(await testApp());
    await ana.send('120');
    expect(ana.text()).not.toContain('There is no list');
  });
});
