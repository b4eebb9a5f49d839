/// <reference lib="dom" />
// The console's people-facing pages in a real browser: a resident follows their case by its
// tracking code, without signing in, to their own rating (phone, both languages).
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST } from '../../api/console';
import { loadNotifyConfig } from '../../notifications/config';
import { startRelay, type Relay } from '../../notifications/relay';
import { PROJECT_ROOT } from '../../worker/config';
import { sewerReport } from '../support/actors';
import { startChromium, type RunningChromium } from '../support/chromium';
import { startTestApi, type TestApi } from '../support/test-api';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(PROJECT_ROOT, 'docs', 'screenshots') : null;
const DESK = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };

let api: TestApi;
let chrome: RunningChromium;
let base: string;
let relay: Relay | undefined;

beforeAll(async () => {
  if (!existsSync(path.join(CONSOLE_DIST, 'index.html'))) throw new Error('web/dist is missing: run npm run build:web (npm test does it)');
  api = await startTestApi({ api: { rateLimit: { max: 100_000, timeWindowMs: 60_000 }, publicRateLimit: { max: 1_000, timeWindowMs: 60_000 } } });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  chrome = await startChromium();
  relay = startRelay({ db: api.engine.db, directory: api.engine.directory, config: { ...loadNotifyConfig({}), pollMs: 100, leaseMs: 5000, sendTimeoutMs: 3000 } });
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  await chrome?.close();
  await api?.close();
});

async function open(hash: string, viewport: { width: number; height: number }, lang: 'en' | 'zh'): Promise<Page> {
  const context = await chrome.browser.newContext({ locale: 'en-GB', viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  await context.addInitScript((l) => localStorage.setItem('gce.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(`${base}/console/${hash}`);
  return page;
}

async function shoot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('a resident', () => {
  it('follows a case by its tracking code, without signing in, to their own rating', async () => {
    const submitted = await api.post('/v1/cases', { as: 'street', body: sewerReport });
    const code = submitted.json.trackingCode as string;
    const id = submitted.json.id as string;

    const phone = await open(`#/track/${code}`, PHONE, 'zh');
    await phone.getByRole('heading', { name: '查询办理进度' }).waitFor();
    await expect.poll(() => phone.locator('.track').innerText()).toMatch(/已派单/);
    expect(await phone.locator('.track').innerText()).toMatch(/住房/);
    expect(await phone.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    await shoot(phone, 'track-phone-zh');

    // An unknown code says so.
    const unknown = await open('#/track/NOPE-0000', DESK, 'en');
    await unknown.getByText(/No case has this tracking code/).waitFor();
    await unknown.context().close();

    await api.post(`/v1/cases/${id}/accept`, { as: 'housing' });
    await api.post(`/v1/cases/${id}/contact`, { as: 'housing', body: { note: 'called Ms Zhang about the drain' } });
    await api.post(`/v1/cases/${id}/resolve`, { as: 'housing', body: { summary: 'drain cleared', outcome: 'resolved' } });

    await phone.reload();
    await phone.getByRole('button', { name: '提交评价' }).waitFor();
    expect(await phone.locator('.track').innerText()).toMatch(/已办结|办结|resolved/);
    await shoot(phone, 'track-rate-phone-zh');
    await phone.getByText('满意', { exact: true }).click();
    await phone.getByLabel('您的意见（选填）').fill('很快');
    await phone.getByRole('button', { name: '提交评价' }).click();
    await phone.getByText('感谢您的评价，已记录。').waitFor();
    await expect.poll(async () => (await api.get(`/public/v1/cases/${code}`)).json.status).toBe('closed');
    const feedback = (await api.engine.service.events(id)).find((e) => e.event.type === 'feedback_received')!;
    expect(feedback.event.actor).toMatchObject({ role: 'resident' });
    expect(await phone.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    await phone.context().close();

    for (const [viewport, tag] of [[DESK, 'desk'], [PHONE, 'phone']] as const) {
      for (const lang of ['en', 'zh'] as const) {
        if (!SCREENSHOTS) continue;
        const page = await open(`#/track/${code}`, viewport, lang);
        await page.locator('.ant-timeline').waitFor();
        await shoot(page, `track-${tag}-${lang}-closed`);
        await page.context().close();
      }
    }
  }, 90_000);
});

describe('a person with a password', () => {
  it('signs in, and drops to the sign-in page saying why once an admin disables them', async () => {
    const created = await api.post('/v1/users', { as: 'admin', body: { username: 'zhou.housing', password: 'a-long-pass-phrase-42', name: 'Zhou Min', role: 'department', org: 'lixian-housing' } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;

    const page = await open('#/sign-in', DESK, 'en');
    await page.getByLabel('Username').fill('zhou.housing');
    await page.getByLabel('Password').fill('a-long-pass-phrase-42');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: /Sign out/ }).waitFor();
    expect(await page.locator('.who-text').innerText()).toContain('Zhou Min');

    // On duty for the department: a case assigned to it is a notification, on the open page without a reload.
    expect((await api.call('PATCH', `/v1/users/${id}`, { as: 'admin', body: { preferences: { duty: true } } })).status).toBe(200);
    await api.post('/v1/cases', { as: 'street', body: sewerReport });
    await page.waitForSelector('.bell[data-unread="1"]', { timeout: 20_000 });

    const disabled = await api.call('PATCH', `/v1/users/${id}`, { as: 'admin', body: { disabled: true } });
    expect(disabled.status).toBe(200);
    // The next call the open page makes is refused: it drops to the sign-in page, saying why.
    await page.getByRole('link', { name: /Cases/ }).click();
    await page.getByText(/disabled by an administrator/).waitFor();
    expect(await page.getByRole('button', { name: /Sign out/ }).count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('gce.token'))).toBeNull();
    await shoot(page, 'sign-in-disabled-desk-en');
    await page.context().close();
  }, 60_000);
});

describe('an admin', () => {
  it('adds a person on the people page and disables them', async () => {
    const page = await open(`#token=${api.tokens.admin}`, DESK, 'en');
    await page.getByRole('link', { name: /People/ }).click();
    await page.getByRole('heading', { name: 'People' }).waitFor();
    const form = page.locator('form');
    await form.getByLabel('Username', { exact: true }).fill('qian.street');
    await form.getByLabel('Name', { exact: true }).fill('Qian Li');
    await form.getByLabel('Password').fill('another-long-phrase-7');
    await form.getByLabel('Role', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await form.getByLabel('Place or department').fill('liyang');
    await form.getByRole('button', { name: 'Add a person' }).click();
    await page.locator('.ant-table-row', { hasText: 'qian.street' }).waitFor();
    await shoot(page, 'users-desk-en');
    await page.getByRole('switch', { name: 'Enabled qian.street' }).click();
    await expect.poll(async () => ((await api.get('/v1/users', { as: 'admin' })).json.items as { username: string; disabled: boolean }[]).find((u) => u.username === 'qian.street')?.disabled).toBe(true);
    await page.context().close();
  }, 60_000);
});
