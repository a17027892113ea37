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

  it('should answer Tom with 120 when, after telling of his wife’s 31 weeks and cramps, he writes that she is bleeding', async () => {
    const app = await testApp();
    const tom = person(app, { languageHint: 'en' });
    await tom.send('wife 31 wks pregnant has bad cramps tonight, shd we wait till tmrw?');
    expect(tom.text()).not.toContain(app.i18n.t('en', 'emergency.call', { ambulance: '120' }));
    await tom.send("she's bleeding a bit down there and belly hurts");
    expect(tom.text()).toContain(app.i18n.t('en', 'emergency.call', { ambulance: '120' }));
  });

  it('should not read a pregnancy mentioned yesterday into today’s cut finger', async () => {
    let clock = new Date('2026-12-01T20:00:00Z');
    const app = await testApp({ now: () => clock });
    const tom = person(app, { languageHint: 'en' });
    await tom.send('my wife is pregnant, which hospital should we choose?');
    clock = new Date('2026-12-02T20:00:00Z');
    await tom.send('I cut my finger, bleeding a bit');
    expect(tom.text()).not.toContain(app.i18n.t('en', 'emergency.call', { ambulance: '120' }));
  });

  it('should answer Tom’s "ok" under the 120 card with care, not "glad to help"', async () => {
    const app = await testApp();
    const tom = person(app, { languageHint: 'en' });
    await tom.send('i think her waters just broke?? shes only 31 weeks');
    await tom.send('ok');
    expect(tom.text()).toBe(app.i18n.t('en', 'knowledge.thanksAfterEmergency'));
    expect(tom.text()).not.toContain(app.i18n.t('en', 'knowledge.thanks'));
  });

  it('should answer a question about giving birth in Shenzhen later with no emergency', async () => {
    const app = await testApp();
    const emily = person(app, { languageHint: 'en' });
    await emily.send('what documents do we need to give birth in Shenzhen?');
    expect(emily.text()).not.toContain(app.i18n.t('en', 'emergency.call', { ambulance: '120' }));
  });
});
