/**
 * Labour has begun: waters broken, contractions minutes apart, a bloody show. The emergency
 * answer comes at once, in any state, and a question about giving birth later does not raise it.
 */
import { describe, expect, it } from 'vitest';
import { insuranceFlow } from '../../flows/insurance.ts';
import { conversationKey } from '../../src/message.ts';
import { person, testApp } from '../helpers/app.ts';

describe('labour', () => {
  it('should answer Emily, 30 weeks pregnant, whose water broke at 2 a.m., with 120 at once', async () => {
    const app = await testApp();
    const emily = person(app, { languageHint: 'en' });
    await emily.send('my water just broke, contractions every 5 min');
    expect(emily.text()).toContain(app.i18n.t('en', 'emergency.call', { ambulance: '120' }));
  });

  it('should answer her while she is in the middle of the insurance advisor, and not take it as her city', async () => {
    const app = await testApp({ flows: [insuranceFlow] });
    const emily = person(app, { languageHint: 'en' });
    await emily.raw({ choice: 'start:insurance' });
    await emily.press('ans:employee');
    await emily.send('my water just broke');
    expect(emily.text()).toContain(app.i18n.t('en', 'emergency.call', { ambulance: '120' }));
    const flow = (await app.store.conversations.get(conversationKey(emily.address)))?.flow;
    expect(flow?.step).toBe('city');
    expect(flow?.answers.city).toBeUndefined();
  });

  it('should answer her husband Wei writing 我太太见红了 in Chinese', async () => {
    const app = await testApp();
    const wei = person(app, { languageHint: 'zh' });
    await wei.send('我太太见红了怎么办');
    expect(wei.text()).toContain(app.i18n.t('zh', 'emergency.call', { ambulance: '120' }));
  });

  it('should answer a question about giving birth in Shenzhen later with no emergency', async () => {
    const app = await testApp();
    const emily = person(app, { languageHint: 'en' });
    await emily.send('what documents do we need to give birth in Shenzhen?');
    expect(emily.text()).not.toContain(app.i18n.t('en', 'emergency.call', { ambulance: '120' }));
  });
});
