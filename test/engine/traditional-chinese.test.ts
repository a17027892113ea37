/**
 * Chinese typed in traditional characters, by a Malaysian wife in Shenzhen or a family from Hong
 * Kong or Taiwan, and Cantonese as a Hong Kong father writes it: read as simplified Mandarin, so
 * articles, red flags and questionnaires work for them.
 */
import { describe, expect, it } from 'vitest';
import { loadCantoneseReader } from '../../src/cantonese.ts';
import { readSimplified } from '../../src/traditional-chinese.ts';
import { person, testApp } from '../helpers/app.ts';

describe('traditional characters', () => {
  it('should give Mei-Ling, asking 保險可以直接結帳嗎, the article on direct billing', async () => {
    const meiLing = person(await testApp(), { languageHint: 'zh' });
    await meiLing.send('保險可以直接結帳嗎');
    expect(meiLing.last[0]?.text.split('\n')[0]).toBe('直付与担保函');
  });

  it('should raise 120 at once when she writes 我懷孕31週，現在出血了', async () => {
    const app = await testApp();
    const meiLing = person(app, { languageHint: 'zh' });
    await meiLing.send('我懷孕31週，現在出血了');
    expect(meiLing.text()).toContain(app.i18n.t('zh', 'emergency.call', { ambulance: '120' }));
  });

  it('should leave simplified Chinese, English and Russian as they are', () => {
    for (const text of ['医保电子凭证怎么用', 'what documents do I need?', 'какая виза нужна']) expect(readSimplified(text)).toBe(text);
  });

  it('should raise 120 at once when Mr Leung writes in Cantonese that his chest hurts and he cannot breathe', async () => {
    const app = await testApp();
    const leung = person(app, { languageHint: 'zh' });
    await leung.send('心口好痛，唞唔到氣');
    expect(leung.last[0]?.text).toContain(app.i18n.t('zh', 'emergency.call', { ambulance: '120' }));
  });

  it('should raise 120 when his daughter writes 我爸爸暈咗，叫極都唔醒 in the middle of the consultation questions, keeping them', async () => {
    const app = await testApp();
    const daughter = person(app, { languageHint: 'zh' });
    await daughter.raw({ choice: 'start:consult' });
    await daughter.send('可以');
    await daughter.send('我爸爸暈咗，叫極都唔醒');
    expect(daughter.text()).toContain(app.i18n.t('zh', 'emergency.call', { ambulance: '120' }));
  });

  it('should read Cantonese words as Mandarin only where a Cantonese character shows it, leaving 系统 and 关系 alone', () => {
    const cantonese = loadCantoneseReader();
    expect(cantonese.read('你系咪真人？')).toBe('你是不是真人？');
    expect(cantonese.read('点样俾钱畀医院？')).toBe('怎样付钱给医院？');
    for (const text of ['系统出错了', '关系很好', '我想看医生', 'chest pain']) expect(cantonese.read(text)).toBe(text);
  });
});
