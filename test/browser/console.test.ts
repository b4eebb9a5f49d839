/// <reference lib="dom" />
/// <reference lib="dom.asynciterable" />
// The web console in a real browser (Debian's Chromium driven by playwright-core), against the
// real engine: a case goes round the whole loop through the three roles' pages; each role sees
// only the actions the API allows; lists, search and export; phones (390 px) and desks (1366 px).
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { CONSOLE_DIST } from '../../api/console';
import { en } from '../../web/src/i18n/en';
import { PROJECT_ROOT } from '../../worker/config';
import { startChromium, type RunningChromium } from '../support/chromium';
import { startTestApi, type Person, type TestApi } from '../support/test-api';
import { seedDemoCases } from './seed';

/** An 8×8 PNG, for an upload the API re-encodes. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4YaOBFTEMLQkAdntLARs7+acAAAAASUVORK5CYII=';
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(PROJECT_ROOT, 'docs', 'screenshots') : null;
const DESK = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };

let api: TestApi;
let chrome: RunningChromium;
let base: string;
const contexts: BrowserContext[] = [];

/** A browser profile signed in as one person, through the sign-in link npm start prints. */
async function signedIn(person: Person, viewport = DESK, lang: 'en' | 'zh' = 'en'): Promise<Page> {
  // A browser far from the city: dates must still be shown in the city's time (Asia/Shanghai).
  const context = await chrome.browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London', viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  contexts.push(context);
  // Files the console hands to the browser (exports) are kept where the test can read them.
  await context.addInitScript(() => {
    const w = window as unknown as { __blobs: Blob[] };
    w.__blobs = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (b: Blob | MediaSource) => {
      if (b instanceof Blob) w.__blobs.push(b);
      return create(b);
    };
  });
  await context.addInitScript((l) => localStorage.setItem('gce.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error (${person}):`, error));
  await page.goto(`${base}/console/#token=${api.tokens[person]}`);
  await page.getByRole('button', { name: lang === 'en' ? /Sign out/ : /退出/ }).waitFor();
  return page;
}

async function shoot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Charts and the map draw after their data: a moment to settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Picks an option of an Ant Design select, found by its label; tries again if the click fell on a list still moving in. */
async function choose(scope: Page | Locator, label: RegExp | string, option: RegExp | string) {
  const page = 'page' in scope && typeof scope.page === 'function' ? (scope as Locator).page() : (scope as Page);
  const input = scope.getByLabel(label);
  const select = input.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const loose = typeof option === 'string' ? option : new RegExp(option.source.replace(/^\^|\$$/g, ''), option.flags);
  const chosen = async () => {
    const text = await select.innerText();
    return typeof loose === 'string' ? text.includes(loose) : loose.test(text);
  };
  for (let attempt = 0; attempt < 4; attempt += 1) {
    await input.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click({ timeout: 5_000 }).catch(() => {});
    await page.waitForTimeout(150);
    if (await chosen()) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not choose ${String(option)} in ${String(label)}`);
}

/** No sideways scrolling: the page is no wider than the screen. */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, client: document.scrollingElement!.clientWidth }));
  expect(scroll, `${what}: ${scroll} px wide in a ${client} px screen`).toBeLessThanOrEqual(client);
}

/** The text of the satisfaction cell of a department in the dashboard's ranking, once shown. */
async function satisfactionOf(page: Page, departmentId: string): Promise<string> {
  const cell = page.locator(`table tr[data-key="${departmentId}"] td[data-rate="satisfaction"]`);
  await cell.waitFor();
  return (await cell.textContent()) ?? '';
}

const actionLabel = (a: string) => (en as Record<string, string>)[`action.${a}`] ?? a;
/** The actions the console has a form for: any other the API allows is taken elsewhere (or not yet in the console). */
const consoleActions = (allowed: string[]) => allowed.filter((a) => `action.${a}` in en && a !== 'adoptCalendar');

/** The buttons of the case page's action bar, by name. */
async function offeredOn(page: Page): Promise<string[]> {
  const bar = page.locator('.case-actions');
  await bar.waitFor();
  return (await bar.locator('.action-bar button').allTextContents()).map((s) => s.trim()).sort();
}

async function openCase(page: Page, id: string) {
  await page.goto(`${base}/console/#/case/${encodeURIComponent(id)}`);
  await page.locator(`article.case-page[data-case="${id}"]`).waitFor();
}

async function ok(response: Promise<{ status: number; json: any }>) {
  const r = await response;
  if (r.status >= 300) throw new Error(`call failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

type Stage = 'awaiting_dispatch' | 'assigned' | 'accepted' | 'contacted' | 'visit_scheduled' | 'resolved';

/** A new case of the housing centre, brought to a stage through the API. */
async function caseAt(stage: Stage, title = `下水道堵塞 ${stage}`): Promise<any> {
  const unclear = stage === 'awaiting_dispatch';
  const body = unclear
    ? { title: '西湖社区5栋楼道有情况', description: '楼梯间老是湿的，也不知道该找谁，老人上下楼容易滑倒。', location: { jurisdictionId: 'xihu', address: title }, urgency: 'urgent' }
    : { title, description: '门前下水道堵塞，雨天污水外溢，居民出行困难。', location: { jurisdictionId: 'xihu' } };
  let c = await ok(api.post('/v1/cases', { as: 'street', body }));
  if (unclear) {
    if (c.status !== 'awaiting_dispatch') throw new Error(`expected a case for a dispatcher, got ${c.status}`);
    return c;
  }
  if (c.status === 'awaiting_dispatch') {
    const options = await ok(api.get(`/v1/cases/${c.id}/dispatch-options`, { as: 'supervisor' }));
    c = await ok(api.post(`/v1/cases/${c.id}/dispatch`, { as: 'supervisor', body: { categoryId: options.items[0].categoryId, departmentId: 'lixian-housing' } }));
  } else if (c.departmentId !== 'lixian-housing') {
    c = await ok(api.post(`/v1/cases/${c.id}/reassign`, { as: 'supervisor', body: { departmentId: 'lixian-housing' } }));
  }
  const act = async (p: string, b: object = {}) => (c = await ok(api.post(`/v1/cases/${c.id}/${p}`, { as: 'housing', body: b })));
  if (stage === 'assigned') return c;
  await act('accept');
  if (stage === 'accepted') return c;
  await act('contact', { note: '已电话联系居民' });
  if (stage === 'contacted') return c;
  const visit = await act('visits', { scheduledFor: new Date(Date.now() + 86_400_000).toISOString(), cadres: ['刘伟'] });
  if (stage === 'visit_scheduled') return c;
  await act(`visits/${visit.visitId}/complete`, { findings: '管道堵塞' });
  await act('resolve', { summary: '已疏通', outcome: 'resolved' });
  return c;
}

beforeAll(async () => {
  // `npm test` builds the console first; a lone `vitest run` of this file may not have.
  if (!existsSync(path.join(CONSOLE_DIST, 'index.html'))) throw new Error('web/dist is missing: run npm run build:web (npm test does it)');
  api = await startTestApi({ api: { projector: true, rateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  chrome = await startChromium();
  await seedDemoCases(api);
  await api.catchUp();
}, 120_000);

beforeEach(() => {
  // What the pages showed when a test failed: a picture of each, for the one who reads the failure.
  onTestFailed(async () => {
    const dir = path.join(PROJECT_ROOT, '.data', 'browser-failures');
    mkdirSync(dir, { recursive: true });
    let n = 0;
    for (const c of contexts) for (const p of c.pages()) await p.screenshot({ path: path.join(dir, `page-${(n += 1)}.png`), fullPage: true }).catch(() => {});
  });
});

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

  it('takes a case round the loop through the three roles\' pages, offering only the next steps, and the dashboard follows', async () => {
    const desk = await signedIn('street');
    const supervisor = await signedIn('supervisor');
    const inbox = await signedIn('housing');

    // Names, not ids: who is signed in, by role and place.
    await desk.getByText('Signed in: street committee, Liyang Street').waitFor();
    await inbox.getByText(/Signed in: department, Li County Housing Security Centre/).waitFor();
    // Each person's notifications behind a bell, the unread ones counted.
    await inbox.getByRole('button', { name: /^Notifications: \d+ unread$/ }).click();
    await inbox.getByText('Notifications', { exact: true }).waitFor();
    await inbox.keyboard.press('Escape');

    // The supervisor's dashboard before: the housing centre has one satisfied resident (seeded).
    await supervisor.getByRole('heading', { name: 'Supervision dashboard' }).waitFor();
    expect(await satisfactionOf(supervisor, 'lixian-housing')).toContain('(1/1)');

    // Street desk: a missing description is named next to its field, and what was typed stays.
    await desk.getByRole('heading', { name: 'Submit a case' }).waitFor();
    await desk.getByLabel(/^Address/).fill('Behind Liyang market, lane 3');
    await desk.getByRole('button', { name: 'Submit', exact: true }).click();
    await desk.locator('#report-description-error').getByText('Please fill this in.').waitFor();
    expect(await desk.getByLabel(/^Address/).inputValue()).toBe('Behind Liyang market, lane 3');
    expect(await desk.getByLabel(/^The resident's problem/).getAttribute('aria-invalid')).toBe('true');

    // A 503 (the engine away for a moment) keeps the form and says so; sending again works.
    await desk.getByLabel(/^The resident's problem/).fill('please come and look at the sewer behind the market');
    await choose(desk, /^Where/, /^Liyang Street$/);
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
    await desk.getByText(/^Case .+ submitted: awaiting dispatch\.$/).waitFor();
    const caseId = (await desk.locator('a[data-created]').getAttribute('data-created'))!;
    const created = await ok(api.get(`/v1/cases/${caseId}`, { as: 'street' }));
    expect(created.number).toMatch(/^\d{4}-\d{6}$/);
    await desk.getByText(`Case ${created.number} submitted: awaiting dispatch.`).waitFor();

    // Supervisor: the case waits for a dispatcher with the classifier's suggestion routed: one click.
    const waiting = supervisor.locator(`li[data-case="${caseId}"]`);
    await waiting.getByRole('button', { name: /Li County Housing Security Centre/ }).click();
    await supervisor.getByText(/dispatched to Li County Housing Security Centre\.$/).waitFor();

    // Department inbox: only what the case allows now; Accept is the next step and primary.
    const row = inbox.locator(`tr[data-case="${caseId}"]`);
    await row.getByRole('button', { name: 'Work on it' }).click();
    const work = inbox.locator('.working');
    await work.locator('.next-step').getByText(/accepts the case or returns it/).waitFor();
    const bar = work.locator('.action-bar');
    const allowedNow = async (id: string, who: Person) => consoleActions((await ok(api.get(`/v1/cases/${id}`, { as: who }))).allowedActions).map(actionLabel).sort();
    expect(await allowedNow(caseId, 'housing')).toEqual(['Accept', 'Pause clock', 'Return']);
    await expect.poll(async () => (await bar.locator('button').allTextContents()).sort()).toEqual(['Accept', 'Pause clock', 'Return']);
    await expect.poll(() => bar.locator('button.ant-btn-primary').textContent()).toBe('Accept');

    const act = async (action: string, fill: (form: Locator) => Promise<void>, status: string) => {
      await bar.getByRole('button', { name: action, exact: true }).click();
      const form = work.getByRole('form', { name: action });
      await fill(form);
      await form.getByRole('button', { name: action }).click();
      await work.getByText(status === 'unchanged' ? `Done: ${action}. See above for what happens next.` : `Done: ${action}. The case is now ${status}.`).waitFor();
    };
    await act('Accept', async () => {}, 'accepted');
    // Resolving before contacting is not offered (the API would refuse it).
    expect(await allowedNow(caseId, 'housing')).not.toContain('Resolve');
    await expect.poll(async () => (await bar.locator('button').allTextContents()).sort()).toEqual(await allowedNow(caseId, 'housing'));
    await act('Contact made', (f) => f.getByLabel(/^What was said/).fill('Called the resident; visit agreed for tomorrow morning'), 'unchanged');
    // A visit in the past is refused by the form, next to the field, and nothing is sent.
    await bar.getByRole('button', { name: 'Schedule visit', exact: true }).click();
    const visitForm = work.getByRole('form', { name: 'Schedule visit' });
    await visitForm.getByLabel(/^Visit time/).fill('2020-05-06T09:30');
    await visitForm.getByLabel(/^Cadres/).fill('Liu Wei, Chen Jing');
    await visitForm.getByRole('button', { name: 'Schedule visit' }).click();
    await visitForm.getByText('This time has already passed: choose a time in the future.').waitFor();
    expect(await visitForm.getByLabel(/^Cadres/).inputValue()).toBe('Liu Wei, Chen Jing');
    await act('Schedule visit', (f) => f.getByLabel(/^Visit time/).fill('2030-05-06T09:30'), 'visit scheduled');
    await act(
      'Record visit',
      async (f) => {
        await choose(f, /^Visit/, /09:30/);
        await f.getByLabel(/^Findings/).fill('Sewer section collapsed behind the market; rain and sewage pipes cross-connected');
      },
      'unchanged',
    );
    await work.locator('.next-step').getByText(/reports the case resolved/).waitFor();
    await act(
      'Resolve',
      async (f) => {
        await f.getByLabel(/^What was done/).fill('Collapsed sewer section replaced; drains separated');
        await choose(f, /^Outcome/, /^resolved$/);
      },
      'resolved',
    );

    // Street desk: the resident's feedback on the resolved case.
    const ours = desk.locator(`.feedback-list li[data-case="${caseId}"]`);
    const feedback = ours.getByRole('form', { name: 'Record feedback' });
    await choose(feedback, /^Resident's rating/, /^satisfied$/);
    await feedback.getByLabel(/^Resident's comment/).fill('Fixed in two days, thank you');
    await feedback.getByRole('button', { name: 'Record feedback' }).click();
    await ours.waitFor({ state: 'detached' });

    // The dashboard follows without a reload.
    await api.catchUp();
    await expect.poll(() => satisfactionOf(supervisor, 'lixian-housing'), { timeout: 40_000, interval: 500 }).toContain('(2/2)');

    // The case page: the timeline, who did what by role and place; visits, resolution and feedback.
    await openCase(supervisor, caseId);
    const timeline = supervisor.locator('ol.timeline');
    await timeline.getByText('feedback received').waitFor();
    for (const step of ['reported', 'sent to a dispatcher', 'accepted', 'resident contacted', 'visit recorded']) await timeline.getByText(step, { exact: true }).first().waitFor();
    await timeline.getByText(/by supervisor, Li County/).first().waitFor();
    await supervisor.getByText(/Collapsed sewer section replaced/).first().waitFor();
    await supervisor.getByText(/Fixed in two days, thank you/).first().waitFor();
    // The visit at 09:30 in the city, shown as such although the browser is in London.
    await supervisor.getByText(/09:30, cadres: Liu Wei/).waitFor();
    await supervisor.getByText('The case is closed.').waitFor();
    expect(await supervisor.locator('.case-actions .action-bar').count()).toBe(0);
  }, 150_000);

  it('offers each role only the actions the API allows, in every status, and each offered one succeeds', async () => {
    const pages = { street: await signedIn('street'), supervisor: await signedIn('supervisor'), housing: await signedIn('housing') };
    const cases = {
      awaiting: await caseAt('awaiting_dispatch'),
      assigned: await caseAt('assigned'),
      accepted: await caseAt('accepted'),
      contacted: await caseAt('contacted'),
      visit: await caseAt('visit_scheduled'),
      resolved: await caseAt('resolved'),
    };
    for (const c of Object.values(cases)) {
      for (const [who, page] of Object.entries(pages) as [Person, Page][]) {
        const answer = await api.get(`/v1/cases/${c.id}`, { as: who });
        if (answer.status === 404) continue; // not in this person's scope (a department sees its own assignments)
        const view = answer.json;
        await openCase(page, c.id);
        await page.locator(`article.case-page[data-status="${view.status}"]`).waitFor();
        expect(await offeredOn(page), `${who} on a ${view.status} case`).toEqual(consoleActions(view.allowedActions).map(actionLabel).sort());
      }
    }
    // The next step of the loop is the primary button for whoever takes it.
    const primary = async (page: Page) => (await page.locator('.case-actions .action-bar .primary-action').textContent())?.trim();
    await openCase(pages.street, cases.resolved.id);
    expect(await primary(pages.street)).toBe('Record feedback');
    await openCase(pages.supervisor, cases.awaiting.id);
    expect(await primary(pages.supervisor)).toBe('Dispatch');
    await openCase(pages.housing, cases.contacted.id);
    expect(await primary(pages.housing)).toBe('Schedule visit');
    await openCase(pages.housing, cases.visit.id);
    expect(await primary(pages.housing)).toBe('Record visit');

    /** Takes an offered action through its form on the case page and waits for the answer. */
    const take = async (page: Page, c: { id: string }, action: string, fill: (form: Locator) => Promise<void> = async () => {}) => {
      await openCase(page, c.id);
      await page.locator('.case-actions .action-bar').getByRole('button', { name: action, exact: true }).click();
      const form = page.getByRole('form', { name: action });
      await fill(form);
      await form.getByRole('button', { name: action }).click();
      await page.getByText(new RegExp(`^Done: ${action}\\.`)).waitFor();
    };
    const reason = (text: string) => async (f: Locator) => f.getByLabel(/^Reason/).fill(text);
    await take(pages.supervisor, cases.awaiting, 'Dispatch', async (f) => {
      await choose(f, /^Category/, /Drainage|drain|sewer|Housing|Property/i);
      await choose(f, /^Department/, /^Li County Housing Security Centre$/);
    });
    await take(pages.housing, cases.assigned, 'Pause clock', reason('Resident away until Monday'));
    await pages.housing.locator('.flag-paused').first().waitFor();
    await take(pages.housing, cases.assigned, 'Resume clock', reason('Resident is back'));
    await take(pages.housing, cases.assigned, 'Return', reason('Not housing: the street\'s drains belong to municipal works'));
    // A photo for the report, from the street committee's phone or desk.
    await openCase(pages.street, cases.accepted.id);
    await pages.street.locator('.case-actions .action-bar').getByRole('button', { name: 'Add a photo or PDF', exact: true }).click();
    const uploadForm = pages.street.getByRole('form', { name: 'Add a photo or PDF' });
    await uploadForm.getByLabel('File').setInputFiles({ name: 'drain.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
    await uploadForm.getByRole('button', { name: 'Add a photo or PDF' }).click();
    await uploadForm.getByText('Added drain.png.').waitFor();
    await pages.street.locator('ul.attachments').getByText('drain.png').waitFor();
    await take(pages.supervisor, cases.accepted, 'Escalate', reason('Residents called three times'));
    await take(pages.supervisor, cases.accepted, 'Extend deadline', async (f) => {
      await choose(f, /^Step/, /^contact the resident$/);
      await f.getByLabel(/^Extend by/).fill('4');
      await f.getByLabel(/^Reason/).fill('Resident in hospital this week');
    });
    await take(pages.supervisor, cases.accepted, 'Package to a leader', async (f) => f.getByLabel(/^Leader/).fill('Director Wang'));
    await take(pages.supervisor, cases.contacted, 'Reassign', async (f) => choose(f, /^Department/, /^Li County Urban Management Bureau$/));
    await take(pages.supervisor, cases.contacted, 'Close', reason('Duplicate of a case solved last week'));
    await take(pages.street, cases.visit, 'Withdraw', reason('The resident solved it with the neighbours'));
    await take(pages.street, cases.resolved, 'Record feedback', async (f) => choose(f, /^Resident's rating/, /^basically satisfied$/));
  }, 150_000);

  it('turns a refusal into a sentence of what one may do instead, keeps what was typed, and clears stale messages', async () => {
    const page = await signedIn('housing');
    const c = await caseAt('assigned');
    // No live updates for this page: it keeps showing the case as it was.
    await page.route('**/v1/events/stream**', (route) => route.abort());
    await openCase(page, c.id);
    await page.locator('.action-bar').getByRole('button', { name: 'Return', exact: true }).click();
    const form = page.getByRole('form', { name: 'Return' });
    await form.getByLabel(/^Reason/).fill('Wrong department');
    // Meanwhile someone accepted it.
    await ok(api.post(`/v1/cases/${c.id}/accept`, { as: 'housing' }));
    await form.getByRole('button', { name: 'Return' }).click();
    await form.getByText(/^“Return” is not possible while the case is accepted\. You may now: .*Contact made/).waitFor();
    expect(await form.getByLabel(/^Reason/).inputValue()).toBe('Wrong department');
    // The page reloaded the case: only what is allowed now is offered.
    const allowed = consoleActions((await ok(api.get(`/v1/cases/${c.id}`, { as: 'housing' }))).allowedActions).map(actionLabel).sort();
    expect(allowed).toContain('Contact made');
    await expect.poll(() => offeredOn(page)).toEqual(allowed);

    // An error on one form, then another action succeeds: the error is gone, the text stays.
    await page.locator('.action-bar').getByRole('button', { name: 'Pause clock', exact: true }).click();
    const pause = page.getByRole('form', { name: 'Pause clock' });
    await pause.getByRole('button', { name: 'Pause clock' }).click();
    await pause.locator('.field-error').getByText('Please fill this in.').waitFor();
    await page.locator('.action-bar').getByRole('button', { name: 'Contact made', exact: true }).click();
    const contact = page.getByRole('form', { name: 'Contact made' });
    await contact.getByLabel(/^What was said/).fill('Called; visit on Friday');
    await contact.getByRole('button', { name: 'Contact made' }).click();
    await page.getByText('Done: Contact made. See above for what happens next.').waitFor();
    await page.locator('.action-bar').getByRole('button', { name: 'Pause clock', exact: true }).click();
    // (Ant Design lets an old message fade out: it is gone a moment later.)
    await expect.poll(() => pause.locator('.field-error').count()).toBe(0);
    await expect.poll(() => page.locator('.form-message.error').count()).toBe(0);
  }, 90_000);

  it('says everything in Chinese in the Chinese console, validation included', async () => {
    const desk = await signedIn('street', DESK, 'zh');
    await desk.getByRole('heading', { name: '登记新案件' }).waitFor();
    // A description of only spaces: the API refuses it; its English stays out of the page.
    await desk.getByLabel(/^群众反映的问题/).fill('   ');
    await desk.getByRole('button', { name: '提交', exact: true }).click();
    await desk.locator('.field-error').first().waitFor();
    const housing = await signedIn('housing', DESK, 'zh');
    const c = await caseAt('assigned');
    await openCase(housing, c.id);
    await housing.locator('.action-bar').getByRole('button', { name: '退回', exact: true }).click();
    const form = housing.getByRole('form', { name: '退回' });
    await form.getByLabel(/^理由/).fill('\u0000');
    await form.getByRole('button', { name: '退回' }).click();
    await form.locator('.field-error').waitFor();
    for (const page of [desk, housing]) {
      const messages = await page.locator('.field-error, .form-message').allTextContents();
      expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) expect(m, 'a message in the Chinese console').not.toMatch(/[A-Za-z]{3,}/);
    }
  }, 90_000);

  it('signs a person in with a username and password, by name, and out again', async () => {
    await ok(api.post('/v1/users', { as: 'admin', body: { username: 'ma.li', password: 'correct-horse-battery-staple-42', name: '马丽', role: 'street', org: 'liyang' } }));
    const context = await chrome.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    contexts.push(context);
    await context.addInitScript(() => localStorage.setItem('gce.lang', 'en'));
    const page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel('Username').fill('ma.li');
    await page.getByLabel('Password').fill('wrong-password-123456');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Wrong username or password, or the account is locked for a while.').waitFor();
    await page.getByLabel('Password').fill('correct-horse-battery-staple-42');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('马丽 · Signed in: street committee, Liyang Street').waitFor();
    await page.getByRole('heading', { name: 'Submit a case' }).waitFor();
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.getByLabel('Username').waitFor();
  }, 60_000);

  it('lets a supervisor find a case by its number and by a word of its text, filter, sort, page and export it', async () => {
    const page = await signedIn('supervisor');
    const target = await ok(api.post('/v1/cases', { as: 'street', body: { title: '电动车充电桩损坏', description: '西湖社区充电桩损坏，冒火花，居民担心起火。', location: { jurisdictionId: 'xihu' }, urgency: 'urgent' } }));
    await page.goto(`${base}/console/#/cases`);
    await page.getByRole('heading', { name: 'Cases', exact: true }).waitFor();
    await page.locator('.count[data-total]').filter({ hasText: /\d+ cases/ }).waitFor();

    // By a word of its text: the filter is in the URL.
    await page.getByLabel('Search cases').fill('充电桩');
    await page.getByLabel('Search cases').press('Enter');
    await page.waitForURL(/#\/cases\?q=/);
    await page.locator(`[data-case="${target.id}"]`).first().waitFor();
    await expect.poll(() => page.locator('[data-case]').count()).toBe(1);
    // By its number, as a hotline operator reads it out.
    await page.getByLabel('Search cases').fill(target.number);
    await page.getByLabel('Search cases').press('Enter');
    await page.locator(`[data-case="${target.id}"]`).first().waitFor();
    await expect.poll(() => page.locator('[data-case]').count()).toBe(1);
    await page.getByText(target.number).first().waitFor();
    // Filters from a bookmark: urgent cases awaiting dispatch or assigned, oldest first.
    await page.goto(`${base}/console/#/cases?status=awaiting_dispatch&status=assigned&urgency=urgent&sort=createdAt`);
    const expected = await ok(api.get('/v1/cases', { as: 'supervisor', query: { status: ['awaiting_dispatch', 'assigned'], urgency: 'urgent', sort: 'createdAt', limit: '100' } }));
    await expect.poll(() => page.locator('tr[data-case]').count()).toBe(Math.min(expected.items.length, 20));
    expect(await page.locator('tr[data-case]').first().getAttribute('data-case')).toBe(expected.items[0].id);
    await page.locator('.count').getByText(`${expected.total} cases`).waitFor();

    // An export larger than the API allows says so (the API refuses at once with too_many_rows).
    await page.route('**/v1/cases?*format=csv*', (route) =>
      route.fulfill({ status: 422, contentType: 'application/problem+json', body: JSON.stringify({ type: 'x/export-too-large', title: 'Unprocessable Content', status: 422, detail: 'more than 10000 cases match', code: 'too_many_rows' }) }),
    );
    await page.locator('[data-export="csv"]').click();
    await page.getByText(/^Too many cases for one export: narrow the filters/).waitFor();
    await page.unroute('**/v1/cases?*format=csv*');

    // The export holds exactly the filtered rows.
    {
      await page.goto(`${base}/console/#/cases?status=awaiting_dispatch`);
      const rows = await ok(api.get('/v1/cases', { as: 'supervisor', query: { status: 'awaiting_dispatch', limit: '100' } }));
      await page.locator('tr[data-case]').first().waitFor();
      await page.locator('[data-export="xlsx"]').click();
      await expect.poll(() => page.evaluate(() => (window as unknown as { __blobs: Blob[] }).__blobs.length)).toBe(1);
      const bytes = await page.evaluate(async () => Array.from(new Uint8Array(await (window as unknown as { __blobs: Blob[] }).__blobs[0]!.arrayBuffer())));
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.actualRowCount - 1).toBe(rows.items.length);
      const cells = new Set<string>();
      sheet.eachRow((r) => r.eachCell((cell) => void cells.add(String(cell.value))));
      for (const c of rows.items) if (c.number) expect(cells.has(c.number), c.number).toBe(true);
    }
  }, 90_000);

  it('updates the dashboard from the event stream, without polling', async () => {
    const c = await caseAt('awaiting_dispatch', '楼道情况不明 stream');
    const page = await signedIn('supervisor');
    const waiting = page.locator(`.awaiting li[data-case="${c.id}"]`);
    await waiting.waitFor();
    await page.locator('[data-live="open"]').waitFor();
    // Quiet: no request from the page while nothing changes.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/') && !r.url().includes('/events/stream')) requests.push(r.url());
    });
    await page.waitForTimeout(4_000);
    expect(requests).toEqual([]);
    const events = Number(await page.locator('[data-live]').getAttribute('data-events'));
    // Another supervisor's dispatch (through the API): the page hears of it and reloads.
    const options = await ok(api.get(`/v1/cases/${c.id}/dispatch-options`, { as: 'supervisor' }));
    await ok(api.post(`/v1/cases/${c.id}/dispatch`, { as: 'supervisor', body: { categoryId: options.items[0].categoryId, departmentId: 'lixian-housing' } }));
    await waiting.waitFor({ state: 'detached', timeout: 15_000 });
    expect(Number(await page.locator('[data-live]').getAttribute('data-events'))).toBeGreaterThan(events);
  }, 60_000);

  it('fits a phone (390 px) and a desk (1366 px) on every page of every role, and shoots them', async () => {
    const open = await ok(api.get('/v1/cases', { as: 'housing', query: { status: 'accepted', limit: '1' } }));
    const caseId = open.items[0]?.id ?? (await caseAt('accepted')).id;
    const pagesOf: Record<'street' | 'housing' | 'supervisor', [string, string][]> = {
      street: [
        ['desk', '#/desk'],
        ['cases-street', '#/cases'],
      ],
      housing: [
        ['inbox', '#/inbox'],
        ['case-department', `#/case/${encodeURIComponent(caseId)}`],
      ],
      supervisor: [
        ['dashboard', '#/dashboard'],
        ['cases', '#/cases?sort=nextDueAt'],
        ['case', `#/case/${encodeURIComponent(caseId)}`],
        ['map', '#/map'],
      ],
    };
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desk', DESK],
    ] as const) {
      for (const lang of SCREENSHOTS ? (['en', 'zh'] as const) : (['en'] as const)) {
        for (const [who, list] of Object.entries(pagesOf) as [keyof typeof pagesOf, [string, string][]][]) {
          const page = await signedIn(who, viewport, lang);
          for (const [name, hash] of list) {
            await page.goto(`${base}/console/${hash}`);
            await page.locator('main h1').first().waitFor();
            await page.locator('main').getByText(lang === 'en' ? 'Loading…' : '加载中…').first().waitFor({ state: 'detached' }).catch(() => {});
            if (name === 'inbox' && size === 'desk') await page.locator('tr[data-case] button').first().click();
            if (name === 'inbox' && size === 'phone') await page.locator('li[data-case] button').first().click();
            if (name === 'map') await page.locator('.leaflet-interactive').first().waitFor();
            if (name.startsWith('dashboard')) await page.locator('.chart svg').first().waitFor();
            if (size === 'phone') {
              // The narrowest and widest phones too: 360 to 414 px.
              for (const width of [360, 414, 390]) {
                await page.setViewportSize({ width, height: PHONE.height });
                await page.waitForTimeout(100);
                await expectNoSidewaysScroll(page, `${name} (${who}, ${lang}) at ${width} px`);
              }
            }
            await shoot(page, `${name}-${size}-${lang}`);
          }
          await page.context().close();
        }
      }
    }
    if (SCREENSHOTS) {
      // The sign-in page and a printed case.
      for (const lang of ['en', 'zh'] as const) {
        const context = await chrome.browser.newContext({ viewport: PHONE });
        await context.addInitScript((l) => localStorage.setItem('gce.lang', l), lang);
        const page = await context.newPage();
        await page.goto(`${base}/console/#/sign-in`);
        await page.locator('#username').waitFor();
        await shoot(page, `sign-in-phone-${lang}`);
        await context.close();
      }
      // A4 at 96 dpi: 794 px wide.
      const printer = await signedIn('supervisor', { width: 794, height: 1123 }, 'zh');
      await openCase(printer, caseId);
      await printer.emulateMedia({ media: 'print' });
      await shoot(printer, 'case-print-zh');
    }
  }, 240_000);
});
