// A city goes live from a desk, in headless Chromium (Debian's) against a real API process on the real clock
// (scripts/lib/e2e-api.sh starts it and serves the built console): the demo city admin logs in by scanning (the
// confirmation sent by the mini program's own service module), imports a city — refused for a bad row, then
// accepted —, prints its codes, invites a reviewer who accepts in the mini program, and that reviewer logs in and
// accepts a resident's topic from the console's queue; the city admin gives the city a 五不议 of its own under 类别与审题标准,
// which that reviewer cites rejecting a topic on the phone; the room admin finds the accepted topic under 议题 with one still under
// review, which its 受理编号 opens too; the implementer finds the topic's task under 我的任务 and reports progress on
// it; the statistics draw their charts from the real data. Login,
// import and the review queue are also worked by keyboard alone. Screenshots at 1366×768 and 1920×1080 are kept in
// MASHANGYI_E2E_SHOTS (scripts/test.sh: .local/test-results/console-screenshots).
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const { createHttpWx } = require('../../miniprogram/test/e2e/wx-http');

const URL = process.env.MASHANGYI_E2E_URL;
const SHOTS = process.env.MASHANGYI_E2E_SHOTS || path.join(tmpdir(), 'console-screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SIZES = [[1366, 768], [1920, 1080]];

// The mini program's own service modules, over real HTTP, as a phone would call them.
global.wx = createHttpWx();
const mpConfig = require('../../miniprogram/config');
const auth = require('../../miniprogram/services/auth');
const consoleLogin = require('../../miniprogram/services/console-login');
const invitations = require('../../miniprogram/services/invitations');
const rooms = require('../../miniprogram/services/rooms');
const topics = require('../../miniprogram/services/topics');
const catalog = require('../../miniprogram/services/catalog');
const staff = require('../../miniprogram/packageStaff/services/staff');
const proposeForm = require('../../miniprogram/utils/propose-form');

const run = Date.now().toString(36).toUpperCase();
// A new county of the demo city (淮安市 320800) with one town and two villages, each with a room.
const COUNTY = { code: '320899', name: `测试新区${run}` };
const TOWN = { code: '320899001', name: '试点街道' };
const HEADER = 'city_code,city_name,county_code,county_name,town_code,town_name,village_code,village_name,room_name,address,contact_name,contact_phone';
const row = (village, room) =>
  `320800,淮安市,${COUNTY.code},${COUNTY.name},${TOWN.code},${TOWN.name},${village.code},${village.name},${room},${village.name}党群服务中心,王主任,13800001234`;
const VILLAGES = [{ code: '320899001001', name: '东园社区' }, { code: '320899001002', name: '西园社区' }];
const GOOD_CSV = [HEADER, row(VILLAGES[0], '东园社区协商议事室'), row(VILLAGES[1], '西园社区协商议事室')].join('\n') + '\n';
// Line 3's village code does not extend its town's: the whole file is refused and nothing is written.
const BAD_CSV = [HEADER, row(VILLAGES[0], '东园社区协商议事室'), row({ code: '320812001999', name: '错位社区' }, '错位议事室')].join('\n') + '\n';

let browser;

/** Runs the mini program's services as the person whose simulated wx.login code this is. */
async function phoneOf(code) {
  auth.clear();
  wx.loginCode = code;
  await auth.login();
}

async function shoot(page, name) {
  for (const [width, height] of SIZES) {
    await page.setViewport({ width, height });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}.png`), fullPage: false });
  }
  await page.setViewport({ width: 1366, height: 768 });
}

// What each page went through, printed when a test fails: a slow CI machine must leave a trail, not a bare timeout.
const pages = new Set();

async function newPage() {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1366, height: 768 });
  // Dialogs and tabs slide in; a click aimed while they move can miss on a slow machine. People see the same
  // pages either way, so the test sees them without motion: every transition and animation takes a millisecond
  // (not none, which leaves a closing dialog waiting for an animation end that never comes).
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = '*, *::before, *::after { transition-duration: 1ms !important; transition-delay: 0s !important; animation-duration: 1ms !important; animation-delay: 0s !important; }';
      document.head.appendChild(style);
    });
  });
  page.trail = [];
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error && error.stack || error)));
  page.on('console', (message) => { if (message.type() === 'error') page.trail.push(`console: ${message.text()}`); });
  page.on('requestfailed', (request) => page.trail.push(`failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => page.trail.push(`${response.status()} ${response.request().method()} ${response.url().replace(URL, '')}`));
  pages.add(page);
  return page;
}

/** On a failure: each open page's address, errors and last requests, and a screenshot next to the others. */
function reportOnFailure(name) {
  onTestFailed(async () => {
    let n = 0;
    for (const page of pages) {
      if (page.isClosed()) continue;
      n += 1;
      console.error(`[${name}] page ${n}: ${page.url()}\n  errors: ${page.errors.join('\n  ') || 'none'}\n  last: ${page.trail.slice(-25).join('\n        ')}`);
      await page.screenshot({ path: path.join(SHOTS, `failed-${name}-${n}.png`) }).catch(() => {});
    }
  });
}

/** A page must not have thrown: its errors are checked at the end of the test that used it. */
function expectNoPageErrors(page) {
  expect(page.errors).toEqual([]);
}

/** Opens the login page and answers the ticket's scene, as the code shown would carry it. */
async function openLogin(page) {
  const created = page.waitForResponse((r) => r.url().endsWith('/api/console/login-tickets') && r.request().method() === 'POST');
  await page.goto(`${URL}/console/`, { waitUntil: 'domcontentloaded' });
  const ticket = await (await created).json();
  await page.waitForSelector('[data-test=login-code]');
  return ticket;
}

/** Scan-to-login: the code's scene is confirmed by the staff member's phone through the mini program's service. */
async function logInByScan(page, code) {
  const ticket = await openLogin(page);
  await phoneOf(code);
  const seen = await consoleLogin.ticket(ticket.scene);
  expect(seen.browser).toMatch(/Chrome/);
  await page.waitForSelector('[data-test=login-status][data-status=scanned]');
  await consoleLogin.confirm(ticket.scene);
  await page.waitForSelector('[data-test=logout]', { timeout: 15000 });
}

async function menu(page, name) {
  await click(page, `[data-test=menu-${name}]`);
}

/**
 * Clicks once the element is on screen. Dialogs and tabs slide in: an element caught in its first frame has no size
 * yet ("not clickable"), or is drawn anew ("detached"), and is found again a moment later.
 */
async function click(page, selector) {
  for (let attempt = 1; ; attempt++) {
    const element = await page.waitForSelector(selector, { visible: true });
    try {
      await element.click();
      return;
    } catch (err) {
      if (attempt >= 5 || !/not clickable|detached|not an Element/i.test(err.message)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Picks a radio option, again if a click landed while its dialog was still sliding in. */
async function choose(page, selector) {
  for (let attempt = 0; attempt < 5; attempt++) {
    await click(page, selector);
    const checked = await page.waitForFunction((sel) => document.querySelector(sel)?.classList.contains('t-is-checked'), { timeout: 2000 }, selector)
      .then(() => true, () => false);
    if (checked) return;
  }
  throw new Error(`${selector} could not be chosen`);
}

/**
 * Types `text` into a field, again if a key was lost: a dialog that has just opened puts the focus on its first field
 * a moment later, and a key typed then lands there.
 */
async function fill(page, selector, text) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await click(page, selector);
    await page.$eval(selector, (el) => el.select());
    await page.keyboard.type(text);
    if (await page.$eval(selector, (el) => el.value) === text) return;
  }
  throw new Error(`${selector} would not take ${text}`);
}

/** Presses Tab until `selector` has the focus, as a person without a mouse would. */
async function tabTo(page, selector, most = 40) {
  for (let i = 0; i < most; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function textOf(page, selector) {
  return page.$eval(selector, (el) => el.textContent.trim());
}

beforeAll(async () => {
  if (!URL) throw new Error('Set MASHANGYI_E2E_URL (bash scripts/lib/e2e-api.sh start DIR writes it).');
  mpConfig.BASE_URLS.develop = URL;
  mkdirSync(SHOTS, { recursive: true });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('a city goes live from the console', () => {
  const state = {};

  test('the demo city admin logs in by scanning the login code, confirmed on the phone', async () => {
    reportOnFailure('login');
    const page = await newPage();
    await logInByScan(page, 'demo-city-admin');
    expect(await page.cookies()).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'msy_console', httpOnly: true, sameSite: 'Strict' }),
    ]));
    await shoot(page, '01-after-login');
    expectNoPageErrors(page);
    state.admin = page;
  });

  test('a resident cannot confirm a console login', async () => {
    reportOnFailure('resident-refused');
    const page = await newPage();
    const ticket = await openLogin(page);
    await phoneOf(`e2e-console-resident-${run}`);
    const refused = await consoleLogin.confirm(ticket.scene).catch((e) => e);
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(/[\u4e00-\u9fa5]/);
    expectNoPageErrors(page);
    await page.close();
  });

  test('an import with a bad row is refused with its line, then the good file is previewed and imported', async () => {
    reportOnFailure('import');
    const page = state.admin;
    await menu(page, 'import');
    const file = path.join(tmpdir(), `e2e-import-${run}.csv`);

    writeFileSync(file, BAD_CSV);
    await (await page.waitForSelector('[data-test=import-file]')).uploadFile(file);
    await page.waitForSelector('[data-test=import-row-errors] tbody tr');
    const errors = await page.$$eval('[data-test=import-row-errors] tbody tr', (rows) => rows.map((r) => r.textContent));
    expect(errors.join('\n')).toMatch(/3/);
    expect(errors.join('\n')).toContain('村社区代码（village_code）');
    await shoot(page, '02-import-refused');

    writeFileSync(file, GOOD_CSV);
    await (await page.$('[data-test=import-file]')).uploadFile(file);
    await page.waitForSelector('[data-test=import-confirm]');
    await shoot(page, '03-import-preview');
    // The confirming step by keyboard alone: focus the button and press Enter.
    await tabTo(page, '[data-test=import-confirm]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test=import-done-text]', { timeout: 20000 });
    expect(await textOf(page, '[data-test=import-done-text]')).toMatch(/2/);
    expectNoPageErrors(page);
  });

  test('the new rooms print as A4 code sheets', async () => {
    reportOnFailure('print');
    const page = state.admin;
    await page.goto(`${URL}/console/print`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-test=print-sheets][data-ready=true]', { timeout: 30000 });
    const cards = await page.$$eval('[data-test=print-card]', (els) => els.map((e) => e.textContent));
    expect(cards.length).toBeGreaterThanOrEqual(2);
    await shoot(page, '04-print-sheets');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(path.join(SHOTS, '04-print-sheets.pdf'), pdf);
    // One A4 page a sheet: no card spills onto a page of its own (the page tree's count, as Chromium writes it).
    const sheets = await page.$$eval('[data-test=print-sheet]', (els) => els.length);
    expect(Number(/\/Count (\d+)/.exec(Buffer.from(pdf).toString('latin1'))?.[1])).toBe(sheets);
    expectNoPageErrors(page);
  });

  test('an invitation to review is accepted on the phone and the grant is listed by name', async () => {
    reportOnFailure('invitation');
    const page = state.admin;
    await menu(page, 'people');
    await click(page, '[data-test=tab-invitations]');
    await click(page, '[data-test=invitation-create]');
    await choose(page, '[data-test=option-role-reviewer]');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/invitations') && r.request().method() === 'POST');
    await click(page, '[data-test=dialog-submit]');
    const invitation = await (await created).json();
    expect(invitation.roleName).toBeTruthy();
    expect(invitation.text).toContain(invitation.roleName);
    // The new invitation's code is shown at once, to print or send; the admin closes it with Esc.
    await page.waitForSelector('[data-test=invitation-code]', { visible: true });
    // The form that made it has closed: only the code is on screen.
    await page.waitForFunction(() => [...document.querySelectorAll('.t-dialog__ctx')].filter((d) => getComputedStyle(d).display !== 'none').length === 1, { timeout: 5000 });
    await shoot(page, '05-invitation');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-test=invitation-code]', { hidden: true });

    await phoneOf(`e2e-invitee-${run}`);
    const offer = await invitations.preview(invitation.scene);
    expect(offer.status).toBe('pending');
    await invitations.accept(invitation.scene, '李审题');
    state.reviewerCode = `e2e-invitee-${run}`;

    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-test=grant-table]');
    await page.waitForFunction(() => document.querySelector('[data-test=grant-table]').textContent.includes('李审题'), { timeout: 15000 });
    await shoot(page, '06-grants');
    expectNoPageErrors(page);
  });

  test('the new reviewer logs in by scanning and accepts a resident\'s topic from the queue by keyboard', async () => {
    reportOnFailure('reviewer');
    expect(state.reviewerCode, 'the reviewer comes from the invitation test, which failed').toBeTruthy();
    // A resident of the demo city raises an issue in the demo room, through the mini program's services.
    await phoneOf(`e2e-console-resident-${run}`);
    const landing = await rooms.landing(process.env.MASHANGYI_E2E_SCENE);
    const [category] = await catalog.categories();
    const topic = await topics.submit(landing.room.id, proposeForm.toBody({
      ...proposeForm.EMPTY, title: '控制台审题：楼道灯不亮', description: '五号楼楼道灯坏了两周。', categoryId: category.id, anonymous: true,
    }), proposeForm.newKey());

    // The invitee's grant covers the whole city (the admin invited at the city root), so the demo room's topic is theirs.
    const page = await newPage();
    const ticket = await openLogin(page);
    await phoneOf(state.reviewerCode);
    await consoleLogin.confirm(ticket.scene);
    await page.waitForSelector('[data-test=logout]', { timeout: 15000 });

    await menu(page, 'review');
    await page.waitForSelector(`[data-test=topic-link-${topic.id}]`, { timeout: 15000 });
    await tabTo(page, `[data-test=topic-link-${topic.id}]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test=action-accept]');
    await tabTo(page, '[data-test=action-accept]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test=action-dialog]');
    await shoot(page, '07-accept-form');
    // The dialog's first field (the announcement's end date) has the focus, its suggested date selected: another date
    // typed replaces it, and Enter sends that one.
    const ends = new Date(Date.now() + 8 * 3600e3 + 10 * 86400e3).toISOString().slice(0, 10);
    await page.keyboard.type(ends);
    await page.keyboard.press('Enter');
    // The page shows the status the API now gives the topic, by its name.
    await phoneOf(`e2e-console-resident-${run}`);
    let accepted = await topics.detail(topic.id);
    for (let i = 0; i < 50 && accepted.status === 'submitted'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      accepted = await topics.detail(topic.id);
    }
    expect(accepted.status).toBe('announced');
    expect(accepted.announcementEndsOn).toBe(ends);
    state.acceptedTopic = accepted;
    await page.waitForFunction(
      (selector, name) => (document.querySelector(selector)?.textContent || '').includes(name),
      { timeout: 15000 }, '[data-test=topic-status]', accepted.statusName,
    );
    await page.waitForFunction(() => ![...document.querySelectorAll('.t-dialog__ctx')].some((d) => getComputedStyle(d).display !== 'none'), { timeout: 5000 });
    await shoot(page, '08-topic-accepted');
    expectNoPageErrors(page);
  });

  test('the city admin gives the city a 五不议 of its own, which the reviewer\'s reject on the phone cites', async () => {
    reportOnFailure('criteria');
    expect(state.reviewerCode, 'the reviewer comes from the invitation test, which failed').toBeTruthy();
    const page = state.admin;
    await menu(page, 'catalog');
    await click(page, '::-p-text(五议五不议)'); // the tab, the only such text on screen
    await page.waitForSelector('[data-test=criteria-note]', { visible: true });
    const title = `占道经营由城管直接处理${run}`;
    await click(page, '[data-test=criterion-create]');
    await fill(page, '[data-test=field-title] input', title);
    await fill(page, '[data-test=field-description] textarea', '占道经营、乱停乱放等由城市管理部门依法直接处理的事项不议');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/review-criteria') && r.request().method() === 'POST');
    await click(page, '[data-test=catalog-dialog] [data-test=dialog-submit]');
    const criterion = await (await saved).json();
    expect(criterion).toMatchObject({ title, kind: 'not_deliberate' });
    expect(criterion.cityId, 'the city\'s own set, not the installation\'s defaults').toBeTruthy();
    await page.waitForFunction(() => (document.querySelector('[data-test=criteria-note]')?.textContent || '').includes('自己的一套'), { timeout: 15000 });
    await page.waitForFunction((t) => document.querySelector('[data-test=criterion-table]').textContent.includes(t), { timeout: 15000 }, title);
    await shoot(page, '08b-criteria');

    // A resident raises an issue in the demo room; the reviewer's reject form lists the city's criteria, the new one too.
    await phoneOf(`e2e-console-resident-${run}`);
    const landing = await rooms.landing(process.env.MASHANGYI_E2E_SCENE);
    const topic = await topics.submit(landing.room.id, proposeForm.toBody({
      ...proposeForm.EMPTY, description: '小区门口有人摆摊占道，请处理。', anonymous: true,
    }), proposeForm.newKey());
    await phoneOf(state.reviewerCode);
    const criteria = await staff.reviewCriteria(landing.room.id);
    expect(criteria.map((c) => c.title)).toContain(title);
    expect(criteria.every((c) => c.cityId === criterion.cityId)).toBe(true);
    const rejected = await staff.perform('reject', { id: topic.id }, { criterionId: criterion.id, reason: '请拨打城管热线，由城管部门处理。' });
    expect(rejected.status).toBe('rejected');
    expect(rejected.rejection.criterionTitle).toBe(title);
    expectNoPageErrors(page);
  });

  test('the room admin finds under 议题 the accepted topic and the one still under review, which its 受理编号 opens too', async () => {
    reportOnFailure('room-admin-topics');
    expect(state.acceptedTopic, 'the accepted topic comes from the reviewer test, which failed').toBeTruthy();
    await phoneOf(`e2e-console-resident-${run}`);
    const landing = await rooms.landing(process.env.MASHANGYI_E2E_SCENE);
    const waiting = await topics.submit(landing.room.id, proposeForm.toBody({
      ...proposeForm.EMPTY, description: '控制台查找：小区东门的路面塌了一块。', anonymous: true,
    }), proposeForm.newKey());

    // The demo room admin serves the demo room's town: they land on 议题, which lists every topic of their town, the
    // accepted one and the one under review.
    const page = await newPage();
    await logInByScan(page, 'demo-room-admin');
    await page.waitForSelector(`[data-test=topics-table] [data-test=topic-link-${state.acceptedTopic.id}]`, { timeout: 15000 });
    expect(new globalThis.URL(page.url()).pathname).toBe('/console/work/topics');
    await page.waitForSelector(`[data-test=topics-table] [data-test=topic-link-${waiting.id}]`, { timeout: 15000 });
    await shoot(page, '09-room-admin-topics');

    // Filtered by 审核中, only topics under review are left.
    await page.goto(`${URL}/console/work/topics?status=submitted`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector(`[data-test=topics-table] [data-test=topic-link-${waiting.id}]`, { timeout: 15000 });
    expect(await page.$(`[data-test=topics-table] [data-test=topic-link-${state.acceptedTopic.id}]`), 'an accepted topic is not under review').toBeNull();

    // Its receipt number, typed as a resident reads it out (spaces, lower case), opens it.
    await click(page, '[data-test=receipt-input] input');
    await page.keyboard.type(waiting.receiptNo.replaceAll('-', ' ').toLowerCase());
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => location.pathname.endsWith(`/work/topics/${id}`), { timeout: 15000 }, waiting.id);
    await page.waitForFunction(
      (selector, name) => (document.querySelector(selector)?.textContent || '').includes(name),
      { timeout: 15000 }, '[data-test=topic-status]', waiting.statusName,
    );
    // An admin page is not theirs: the address leads back to their first page.
    await page.goto(`${URL}/console/places`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => location.pathname === '/console/work/topics', { timeout: 15000 });
    expectNoPageErrors(page);
  });

  test('the implementer finds the unit\'s task under 我的任务 and reports progress on its topic', async () => {
    reportOnFailure('implementer-tasks');
    expect(state.acceptedTopic, 'the accepted topic comes from the reviewer test, which failed').toBeTruthy();
    const topicId = state.acceptedTopic.id;
    // The demo room admin takes the accepted topic to implementation with the mini program's staff services: a meeting
    // that starts in a moment, its minutes once started, the resolution, and a task for the demo implementer's unit.
    await phoneOf('demo-room-admin');
    const startsAt = new Date(Date.now() + 2000);
    let topic = await staff.perform('schedule_meeting', { id: topicId }, {
      mode: 'offline', startsAt: startsAt.toISOString(), place: '柳树湾社区议事室', convener: '社区书记', capacity: 20,
      participants: [{ name: '社区居委会', party: 'government', attendMode: 'offline' }],
    });
    const meeting = topic.meetings[topic.meetings.length - 1];
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt.getTime() - Date.now()) + 300));
    await staff.perform('record_minutes', { id: topicId, meetingId: meeting.id }, { minutes: '与会各方同意由区住建局修复楼道灯。' });
    const inDays = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
    await staff.perform('publish_resolution', { id: topicId }, { text: '由清江浦区住建局在两周内修复五号楼楼道灯。', deadline: inDays(14) });
    topic = await staff.perform('add_task', { id: topicId }, {
      title: '修复五号楼楼道灯', leadPerson: '赵工', unit: '清江浦区住建局', dueOn: inDays(14),
      milestones: [{ title: '更换灯具', dueOn: inDays(7) }],
    });
    expect(topic.status).toBe('implementing');
    const task = topic.tasks[topic.tasks.length - 1];

    // The implementer lands on 我的任务, where the task is listed, and reports from the topic's page.
    const page = await newPage();
    await logInByScan(page, 'demo-implementer');
    await page.waitForSelector(`[data-test=my-task-${task.id}]`, { timeout: 15000 });
    expect(new globalThis.URL(page.url()).pathname).toBe('/console/work/tasks');
    expect(await textOf(page, `[data-test=my-task-progress-${task.id}]`)).toContain('0%');
    await shoot(page, '10-implementer-tasks');
    await click(page, `[data-test=tasks-table] [data-test=topic-link-${topicId}]`);
    await click(page, `[data-test=task-progress-${task.id}]`);
    await page.waitForSelector('[data-test=action-dialog] [data-test=field-progress] input', { visible: true });
    await click(page, '[data-test=action-dialog] [data-test=field-progress] input');
    await page.keyboard.type('40');
    await click(page, '[data-test=action-dialog] [data-test=field-note] textarea');
    await page.keyboard.type('灯具已采购，周五安装。');
    await click(page, '[data-test=action-dialog] [data-test=dialog-submit]');

    // The API has the progress, and the page shows it.
    await phoneOf('demo-implementer');
    let reported = await staff.topic(topicId);
    for (let i = 0; i < 50 && reported.tasks.find((k) => k.id === task.id).progress !== 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      reported = await staff.topic(topicId);
    }
    expect(reported.tasks.find((k) => k.id === task.id).progress).toBe(40);
    await page.waitForFunction(
      (selector) => (document.querySelector(selector)?.textContent || '').includes('40%'),
      { timeout: 15000 }, `[data-test=task-${task.id}]`,
    );
    expectNoPageErrors(page);
  });

  test('the statistics page draws its charts from the city\'s real figures', async () => {
    reportOnFailure('statistics');
    const page = state.admin;
    await menu(page, 'statistics');
    for (const chart of ['rates', 'trend', 'funnel']) {
      await page.waitForSelector(`[data-test=stats-${chart}-chart][data-rendered=true]`, { timeout: 20000 });
    }
    expect(await page.$$('[data-test^=kpi-]')).not.toHaveLength(0);
    await shoot(page, '09-statistics');
    expectNoPageErrors(page);
  });

  test('logging in works by keyboard alone in simulated mode', async () => {
    reportOnFailure('keyboard-login');
    const page = await newPage();
    await openLogin(page);
    await page.waitForSelector('[data-test=simulate-demo-city-admin]');
    await tabTo(page, '[data-test=simulate-demo-city-admin]');
    await page.keyboard.press('Space');
    await tabTo(page, '[data-test=simulate-confirm]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test=logout]', { timeout: 15000 });
    expectNoPageErrors(page);
    await page.close();
  });
});
