import { describe, expect, it } from 'vitest';
import { tripFlow, tripFlowV2 } from '../fixtures/flows.ts';
import { FIXTURE_LOCALES, person, tempDir, testApp } from '../helpers/app.ts';

const withTrip = { flows: [tripFlow], onlyPlugins: [], extraLocaleDirs: [FIXTURE_LOCALES] };

async function atNeeds() {
  const app = await testApp(withTrip);
  const ana = person(app, { user: 'ana' });
  await ana.send('menu');
  await ana.press('Trip planner');
  await ana.press('My own treatment');
  return { app, ana };
}

/** At the number step: "How many days will you stay?" */
async function atDays() {
  const at = await atNeeds();
  await at.ana.send('2');
  await at.ana.send('yes');
  return at;
}

describe('a person walking a flow', () => {
  it('should see the first question with its progress and options', async () => {
    const app = await testApp(withTrip);
    const ana = person(app);
    await ana.send('menu');
    await ana.press('Trip planner');
    expect(ana.text()).toContain('Trip planner · step 1 of');
    expect(ana.text()).toContain('Why are you coming?');
    expect(ana.choices().map((c) => c.label)).toEqual(['My own treatment', 'Accompanying a patient']);
  });

  it('should take a typed number as the numbered option', async () => {
    const app = await testApp(withTrip);
    const ana = person(app);
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('2');
    expect(ana.text()).toContain('What do you need?');
    expect(ana.text()).toContain('step 2 of');
  });

  it('should take a label typed with a small typo', async () => {
    const app = await testApp(withTrip);
    const ana = person(app);
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('acompanying a patient');
    expect(ana.text()).toContain('What do you need?');
  });

  it('should give the reason and the same question for an unknown option', async () => {
    const app = await testApp(withTrip);
    const ana = person(app);
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('sightseeing');
    expect(ana.text()).toContain('one of the choices. Pick one below');
    expect(ana.text()).toContain('Why are you coming?');
  });

  it('should say plainly that there is no 7 in a list of two, as the menu does', async () => {
    const app = await testApp(withTrip);
    const ana = person(app);
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('7');
    expect(ana.text()).toContain('There is no 7 in this list: pick a number from 1 to 2');
    expect(ana.text()).toContain('Why are you coming?');
  });

  it('should accept several numbers for a multiple choice', async () => {
    const { ana } = await atNeeds();
    await ana.send('1, 3');
    expect(ana.text()).toContain('Are you in China already?');
  });

  it('should toggle pressed options of a multiple choice until Done', async () => {
    const { ana } = await atNeeds();
    await ana.press('Visa');
    expect(ana.choices().map((c) => c.label)).toContain('✓ Visa');
    await ana.press('Hotel');
    await ana.press('Visa');
    await ana.press('Done');
    expect(ana.text()).toContain('Are you in China already?');
    await ana.send('yes');
    await ana.send('30');
    await ana.send('skip');
    expect(ana.text()).toContain('"needs":["hotel"]');
  });

  it('should refuse Done with nothing picked', async () => {
    const { ana } = await atNeeds();
    await ana.press('Done');
    expect(ana.text()).toContain('Please pick at least one option');
    expect(ana.text()).toContain('What do you need?');
  });

  it('should follow the branch the yes/no answer chooses', async () => {
    const { ana } = await atNeeds();
    await ana.send('2');
    await ana.send('no');
    expect(ana.text()).toContain('When do you arrive?');
  });

  it('should explain the expected form of a date it cannot read', async () => {
    const { ana } = await atNeeds();
    await ana.send('2');
    await ana.send('no');
    await ana.send('next tuesday maybe');
    expect(ana.text()).toContain('YYYY-MM-DD');
    expect(ana.text()).toContain('When do you arrive?');
    await ana.send('2026-02-30');
    expect(ana.text()).toContain('I could not read that date');
    await ana.send('2026-03-15');
    expect(ana.text()).toContain('How many days will you stay?');
  });

  it('should take "1" as a number where a number is asked, not as a listed choice', async () => {
    const { ana } = await atDays();
    await ana.send('1');
    expect(ana.text()).toContain('Anything else?');
  });

  it("should give the flow's own reason for a number out of range", async () => {
    const { ana } = await atDays();
    await ana.send('0');
    expect(ana.text()).toContain('A stay is at least one day.');
    await ana.send('lots');
    expect(ana.text()).toContain('Please answer with a number');
  });

  it('should read the one number in an answer written with words around it', async () => {
    const { ana } = await atDays();
    await ana.send('about 12 days');
    expect(ana.text()).toContain('Anything else?');
  });

  it('should ask again, rather than guess, when an answer holds two numbers', async () => {
    const { ana } = await atDays();
    await ana.send('10-14');
    expect(ana.text()).toContain('Please answer with a number');
  });

  it('should go back to the previous question and keep going from there', async () => {
    const { ana } = await atNeeds();
    await ana.send('back');
    expect(ana.text()).toContain('Why are you coming?');
    expect(ana.text()).toContain('step 1 of');
    await ana.send('2');
    expect(ana.text()).toContain('What do you need?');
  });

  it('should leave the flow on cancel and show the menu', async () => {
    const { ana } = await atNeeds();
    await ana.send('cancel');
    expect(ana.text()).toContain('I stopped "Trip planner"');
    expect(ana.choices().map((c) => c.id)).toContain('start:trip');
    await ana.send('continue');
    expect(ana.text()).toContain('There is no questionnaire to continue');
  });

  it('should finish with the result and closing choices', async () => {
    const { ana } = await atNeeds();
    await ana.send('1');
    await ana.send('yes');
    await ana.send('12');
    await ana.send('my mother comes too');
    expect(ana.text()).toContain('Your trip:');
    expect(ana.text()).toContain('"days":12');
    expect(ana.text()).toContain('my mother comes too');
    expect(ana.choices().map((c) => c.id)).toContain('cmd:menu');
  });

  it('should answer a button from an earlier question with the current question', async () => {
    const { ana } = await atNeeds();
    await ana.raw({ choice: 'ans:companion' });
    expect(ana.text()).toContain('earlier question');
    expect(ana.text()).toContain('What do you need?');
  });

  it('should switch language mid-flow and ask the same question in the new language', async () => {
    const { ana } = await atNeeds();
    await ana.send('/language ru');
    expect(ana.text()).toContain('Что вам нужно?');
    expect(ana.text()).toMatch(/шаг 2 (примерно )?из/);
  });
});

describe('a person who comes back later', () => {
  it('should resume at the same step with the same answers after a restart', async () => {
    const dataDir = await tempDir();
    const first = await testApp({ ...withTrip, dataDir });
    const ana = person(first, { user: 'ana' });
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('1');
    await ana.send('2');
    await first.stop();

    const second = await testApp({ ...withTrip, dataDir });
    const again = person(second, { user: 'ana' });
    await again.send('continue');
    expect(again.text()).toContain('Are you in China already?');
    await again.send('yes');
    await again.send('5');
    await again.send('skip');
    expect(again.text()).toContain('"purpose":"treatment"');
    expect(again.text()).toContain('"needs":["insurance"]');
  });

  it('should restart politely when the flow changed since', async () => {
    const dataDir = await tempDir();
    const first = await testApp({ ...withTrip, dataDir });
    const ana = person(first, { user: 'ana' });
    await ana.send('menu');
    await ana.press('Trip planner');
    await ana.send('1');
    await first.stop();

    const second = await testApp({ ...withTrip, flows: [tripFlowV2], dataDir });
    const again = person(second, { user: 'ana' });
    await again.send('2');
    expect(again.text()).toContain('has been updated since you started it');
    expect(again.text()).toContain('Why are you coming?');
    expect(again.text()).toContain('step 1 of');
  });
});
