// The web console in a real browser (Debian's Chromium driven by playwright-core), against the
// real engine: a case goes round the whole loop through the three roles' pages.
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST } from '../../api/console';
import { PROJECT_ROOT } from '../../worker/config';
import { startChromium, type RunningChromium } from '../support/chromium';
import { startTestApi, type Person, type TestApi } from '../support/test-api';
import { seedDemoCases } from './seed';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(PROJECT_ROOT, 'docs', 'screenshots') : null;

let api: TestApi;
let chrome: RunningChromium;
let base: string;
const contexts: BrowserContext[] = [];

/** A browser profile signed in as one person, through the sign-in link npm start prints. */
async function signedIn(person: Person): Promise<Page> {
  // A browser far from the city: dates must still be shown in the city's time (Asia/Shanghai).
  const context = await chrome.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/console/#token=${api.tokens[person]}`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

async function shoot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The text of the satisfaction cell of a department in the dashboard's ranking, once shown. */
async function satisfactionOf(page: Page, departmentId: string): Promise<string> {
  const cell = page.locator(`table.ranking tr[data-key="${departmentId}"] td[data-rate="satisfaction"]`);
  await cell.waitFor();
  return (await cell.textContent()) ?? '';
}

beforeAll(async () => {
  // `npm test` builds the console first; a lone `vitest run` of this file may not have.
  if (!existsSync(path.join(CONSOLE_DIST, 'index.html'))) throw new Error('web/dist is missing: run npm run build:web (npm test does it)');
  // Every page polls every 3 s and the sessions of earlier tests stay open: one supervisor token
  // can pass the default 600 requests a minute, and a 429 would leave a page empty.
  api = await startTestApi({ api: { projector: true, rateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  chrome = await startChromium();
  await seedDemoCases(api);
  await api.catchUp();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await chrome?.close();
  await api?.close();
});

describe('the web console', () => {
  it('serves the console at / without hiding the API', async () => {
    expect((await api.get('/')).headers.location).toBe('/console/');
    expect((await api.get('/console/')).body).toContain('<div id="root">');
    expect((await api.get('/healthz')).status).toBe(200);
    expect((await api.get('/openapi.json')).status).toBe(200);
    expect((await api.get('/v1/directory')).status).toBe(401);
  });

  it('takes a case round the loop through the three roles\' pages, and the dashboard follows', async () => {
    const desk = await signedIn('street');
    const supervisor = await signedIn('supervisor');
    const inbox = await signedIn('housing');

    // The supervisor's dashboard before: the housing centre has one satisfied resident (seeded).
    await supervisor.getByRole('heading', { name: 'Supervision dashboard' }).waitFor();
    const before = await satisfactionOf(supervisor, 'lixian-housing');
    expect(before).toContain('(1/1)');

    // Street desk: a missing description is named next to its field, and what was typed stays.
    await desk.getByRole('heading', { name: 'Submit a case' }).waitFor();
    await desk.getByLabel(/^Address/).fill('Behind Liyang market, lane 3');
    await desk.getByRole('button', { name: 'Submit', exact: true }).click();
    await desk.locator('#report-description-error').waitFor();
    expect(await desk.getByLabel(/^Address/).inputValue()).toBe('Behind Liyang market, lane 3');
    expect(await desk.getByLabel(/^The resident's problem/).getAttribute('aria-invalid')).toBe('true');

    // A 503 (the engine away for a moment) keeps the form and says so; sending again works.
    await desk.getByLabel(/^The resident's problem/).fill('please come and look at the sewer behind the market');
    await desk.getByLabel(/^Where/).selectOption('liyang');
    await desk.route('**/v1/cases', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'temporal unreachable' }) })
        : route.continue(),
    );
    await desk.getByRole('button', { name: 'Submit', exact: true }).click();
    await desk.getByText(/unavailable for a moment \(503\)/).waitFor();
    expect(await desk.getByLabel(/^The resident's problem/).inputValue()).toBe('please come and look at the sewer behind the market');
    await desk.unroute('**/v1/cases');
    await desk.getByRole('button', { name: 'Submit', exact: true }).click();
    const submitted = await desk.getByText(/^Case .+ submitted: awaiting dispatch\.$/).textContent();
    const caseId = /^Case (\S+) submitted/.exec(submitted ?? '')![1]!;

    // Supervisor: the case waits for a dispatcher with the classifier's suggestion routed: one click.
    const waiting = supervisor.locator(`li[data-case="${caseId}"]`);
    await waiting.getByRole('button', { name: /Li County Housing Security Centre/ }).click();
    await supervisor.getByText(`Dispatched ${caseId}.`).waitFor();

    // Department inbox: the case is there; resolving before accepting is refused (409) and the form keeps its text.
    const row = inbox.locator(`tr[data-case="${caseId}"]`);
    await row.getByRole('button', { name: 'Work on it' }).click();
    await inbox.getByRole('button', { name: 'Resolve', exact: true }).click();
    const resolveForm = inbox.getByRole('form', { name: 'Resolve' });
    await resolveForm.getByLabel(/^What was done/).fill('Collapsed sewer section replaced; drains separated');
    await resolveForm.getByLabel(/^Outcome/).selectOption('resolved');
    await resolveForm.getByRole('button', { name: 'Resolve' }).click();
    await resolveForm.getByText(/^Not possible now:/).waitFor();
    expect(await resolveForm.getByLabel(/^What was done/).inputValue()).toBe('Collapsed sewer section replaced; drains separated');

    const act = async (tab: string, fill: (form: ReturnType<Page['getByRole']>) => Promise<void>, status: string) => {
      await inbox.getByRole('button', { name: tab, exact: true }).first().click();
      const form = inbox.getByRole('form', { name: tab });
      await fill(form);
      await form.getByRole('button', { name: tab }).click();
      await form.getByText(`Done. The case is now: ${status}.`).waitFor();
    };
    await act('Accept', async () => {}, 'accepted');
    await act('Contact made', (f) => f.getByLabel(/^What was said/).fill('Called the resident; visit agreed for tomorrow morning'), 'accepted');
    await act(
      'Schedule visit',
      async (f) => {
        await f.getByLabel(/^Visit time/).fill('2030-05-06T09:30');
        await f.getByLabel(/^Cadres/).fill('Liu Wei, Chen Jing');
      },
      'visit scheduled',
    );
    await act(
      'Record visit',
      async (f) => {
        await f.getByLabel(/^Visit/).selectOption({ index: 1 });
        await f.getByLabel(/^Findings/).fill('Sewer section collapsed behind the market; rain and sewage pipes cross-connected');
      },
      'visit scheduled',
    );
    // The text typed before the 409 is still there: nothing lost.
    await act('Resolve', async () => {}, 'resolved');

    // Street desk: the resident's feedback on the resolved case.
    const ours = desk.locator(`li[data-case="${caseId}"]`);
    const feedback = ours.getByRole('form', { name: 'Record feedback' });
    await feedback.getByLabel(/^Resident's rating/).selectOption('satisfied');
    await feedback.getByLabel(/^Resident's comment/).fill('Fixed in two days, thank you');
    await feedback.getByRole('button', { name: 'Record feedback' }).click();
    await ours.getByText('closed').first().waitFor();

    // The dashboard follows without a reload: the projector counts the case, the page polls.
    await expect.poll(() => satisfactionOf(supervisor, 'lixian-housing'), { timeout: 30_000, interval: 500 }).toContain('(2/2)');

    // The case page: the timeline, who did what; visits, resolution and feedback.
    await supervisor.goto(`${base}/console/#/case/${encodeURIComponent(caseId)}`);
    const timeline = supervisor.locator('ol.timeline');
    await timeline.getByText('feedback received').waitFor();
    for (const step of ['reported', 'sent to a dispatcher', 'accepted', 'resident contacted', 'visit recorded']) await timeline.getByText(step, { exact: true }).first().waitFor();
    await timeline.getByText(/by li\.supervisor \(supervisor\)/).first().waitFor();
    await supervisor.getByText(/Collapsed sewer section replaced/).first().waitFor();
    await supervisor.getByText(/Fixed in two days, thank you/).first().waitFor();
    // The visit at 09:30 in the city, shown as such although the browser is in London.
    await supervisor.getByText(/09:30, cadres: Liu Wei, Chen Jing/).waitFor();
  }, 120_000);

  it('supervises a case from its page (escalate with a reason), in both languages, and shoots every page', async () => {
    const supervisor = await signedIn('supervisor');
    const page = await api.get('/v1/cases', { as: 'supervisor', query: { status: 'accepted', limit: '5' } });
    const open = page.json.items[0];
    await supervisor.goto(`${base}/console/#/case/${encodeURIComponent(open.id)}`);
    await supervisor.getByRole('heading', { name: 'Deadlines' }).waitFor();
    await supervisor.getByText(/ left$/).first().waitFor();
    await supervisor.getByRole('button', { name: 'Escalate', exact: true }).click();
    const form = supervisor.getByRole('form', { name: 'Escalate' });
    await form.getByRole('button', { name: 'Escalate' }).click();
    // The reason is required: the API's message is shown on the field.
    await form.locator('[id$="-reason-error"]').waitFor();
    await form.getByLabel(/^Reason/).fill('Residents called three times; no visit yet');
    await form.getByRole('button', { name: 'Escalate' }).click();
    await form.getByText(/^Done\./).waitFor();
    await supervisor.locator('ol.timeline').getByText('escalated', { exact: true }).waitFor();
    await supervisor.locator('ol.timeline').getByText(/Residents called three times/).waitFor();
    await supervisor.locator('ol.timeline').getByText(/L0 → L1 · by a supervisor/).waitFor();

    const desk = await signedIn('street');
    const inbox = await signedIn('housing');
    const dashboard = await signedIn('supervisor');
    await api.catchUp();
    await dashboard.locator('table.ranking').waitFor();
    // The escalated case is listed among the stuck ones, with its level.
    await dashboard.locator(`section[aria-labelledby="overdue"] tr[data-case="${open.id}"]`).waitFor();
    await desk.locator('ul.case-list li').first().waitFor();
    await inbox.locator('table.list tr[data-case]').first().waitFor();
    // The inbox as it is used: a case chosen, its next form open.
    await inbox.locator('table.list tr[data-case]').first().getByRole('button').click();
    for (const lang of ['en', 'zh'] as const) {
      if (lang === 'zh') {
        for (const p of [dashboard, supervisor, inbox, desk]) await p.getByRole('button', { name: '中文' }).click();
        await dashboard.getByRole('heading', { name: '督办看板' }).waitFor();
        await supervisor.getByRole('heading', { name: '办理过程' }).waitFor();
        await inbox.getByRole('heading', { name: '部门待办' }).waitFor();
        await desk.getByRole('heading', { name: '登记新案件' }).waitFor();
        expect(await dashboard.locator('html').getAttribute('lang')).toBe('zh-CN');
      }
      await shoot(dashboard, `dashboard-${lang}`);
      await shoot(supervisor, `case-${lang}`);
      await shoot(inbox, `inbox-${lang}`);
      await shoot(desk, `desk-${lang}`);
    }
  }, 90_000);
});
