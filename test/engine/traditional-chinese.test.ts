/**
 * Chinese typed in traditional characters, by a Malaysian wife in Shenzhen or a family from Hong
 * Kong or Taiwan: read as simplified, so articles, red flags and questionnaires work for them.
 */
import { describe, expect, it } from 'vitest';
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
});
