/**
 * Jin, in Beijing, with Daniel (7) who has asthma, and her husband who writes Chinese. A severe
 * attack is told the way parents tell it, not as "he cannot breathe"; a dose question names an
 * inhaler; the brief must hold only answers.
 */
import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/message.ts';
import { person, testApp } from '../helpers/app.ts';

describe('a child with asthma at night', () => {
  it('should tell a mother whose son is wheezing and cannot finish a sentence to call 120 first', async () => {
    const jin = person(await testApp());
    await jin.send("it's 2am and Daniel is having an asthma attack, he's wheezing and can't finish a sentence");
    expect(jin.last[0]?.text).toMatch(/^🚑 Call 120 now/);
  });

  it('should raise 120 when she says his reliever inhaler is needed every 2 hours', async () => {
    const jin = person(await testApp());
    await jin.send("he's using his inhaler every 2 hours");
    expect(jin.text()).toContain('Call 120 now');
  });

  it('should raise 120 in Chinese for her husband: 喘得说不出话', async () => {
    const husband = person(await testApp(), { languageHint: 'zh' });
    await husband.send('孩子哮喘发作了，喘得说不出话');
    expect(husband.text()).toContain('120');
    expect(husband.last[0]?.urgent).toBe(true);
  });

  it('should not raise 120 for a question about refilling the inhaler', async () => {
    const jin = person(await testApp());
    await jin.send('where can I refill his inhaler');
    expect(jin.text()).not.toContain('Call 120 now');
  });

  it('should refuse a puffs-of-Ventolin dose question plainly, as for Tylenol', async () => {
    const jin = person(await testApp());
    await jin.send('how many puffs of Ventolin can a 7 year old take in a day?');
    expect(jin.last[0]?.text).toContain('I cannot advise on medicines or doses');
  });

  it('should not put a question typed at the allergies step into the brief as his allergies', async () => {
    const app = await testApp();
    const jin = person(app);
    await jin.send('/start');
    await jin.press('start:consult');
    await jin.press('ans:yes');
    await jin.send('Daniel 7: asthma, coughing at night');
    await jin.send('two days ago');
    await jin.send('4');
    await jin.press('ans:__skip');
    await jin.send('wait, does his Chinese insurance cover online doctors?');
    const stored = await app.store.conversations.get(conversationKey(jin.address));
    expect(stored?.flow?.step).toBe('allergies');
    expect(stored?.flow?.answers.allergies).toBeUndefined();
  });
});
