// The printed code sheets, measured as Chromium prints them: in every offered layout (4, 6, 9 a page) each card and
// everything on it — the code, what it is for, the room's name, address and scene code — lies inside its A4 sheet, the
// code stays large enough to scan, and the scene code is shown whole, also for rooms whose name and address are as long
// as the API allows. Sheets are printed on village walls; a card cut off at the sheet's edge was found only on paper,
// so this is checked in a real browser with print media, where the fonts, line breaks and grid are the printed ones
// (jsdom lays nothing out). Against a real API (scripts/lib/e2e-api.sh), as the other console e2e tests.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import puppeteer from 'puppeteer-core';

const URL = process.env.MASHANGYI_E2E_URL;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const run = Date.now().toString(36).toUpperCase();
// A code this size still scans from an arm's length off the wall; the layouts give 42 mm (9 a page) and more.
const MIN_CODE_MM = 35;
const PX_PER_MM = 96 / 25.4;

let browser;
let page;

/** Calls the API from the logged-in page (same origin: its session cookie and CSRF token). */
function api(method, path, body) {
  return page.evaluate(async (method, path, body, csrf) => {
    const res = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: body && JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }, method, path, body, page.csrf);
}

/** Every sheet's and card's geometry, in CSS pixels, as laid out for print. */
function measure() {
  return page.$$eval('[data-test=print-sheet]', (sheets) => sheets.map((sheet) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
    const style = getComputedStyle(sheet);
    const outer = box(sheet);
    const inner = {
      top: outer.top + parseFloat(style.paddingTop), bottom: outer.bottom - parseFloat(style.paddingBottom),
      left: outer.left + parseFloat(style.paddingLeft), right: outer.right - parseFloat(style.paddingRight),
    };
    const cards = [...sheet.querySelectorAll('[data-test=print-card]')].map((card) => {
      const image = card.querySelector('img');
      const scene = card.querySelector('.code-scene');
      return {
        name: card.querySelector('.code-name').textContent,
        box: box(card),
        parts: [image, ...card.querySelector('figcaption').children].map((el) => ({ what: el.className, box: box(el) })),
        code: Math.min(image.getBoundingClientRect().width, image.getBoundingClientRect().height),
        scene: scene.textContent,
        sceneClipped: scene.scrollHeight > scene.clientHeight + 1 || scene.scrollWidth > scene.clientWidth + 1,
      };
    });
    return { height: outer.bottom - outer.top, inner, cards };
  }));
}

const inside = (a, b) => a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5 && a.left >= b.left - 0.5 && a.right <= b.right + 0.5;

beforeAll(async () => {
  if (!URL) throw new Error('Set MASHANGYI_E2E_URL (bash scripts/lib/e2e-api.sh start DIR writes it).');
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
  page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport({ width: 1366, height: 768 });
  // The login itself is the other test file's subject; here the simulated phone confirms a ticket directly, from a
  // page of the API's origin that is not the console: the console's login page would take a ticket of its own, and a
  // browser holds one ticket at a time.
  await page.goto(`${URL}/healthz`, { waitUntil: 'domcontentloaded' });
  page.csrf = await page.evaluate(async () => {
    const { ticket } = await (await fetch('/api/console/login-tickets', { method: 'POST' })).json();
    const confirmed = await fetch(`/api/console/login-tickets/${ticket}/simulate-confirm`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'demo-city-admin' }),
    });
    const session = await (await fetch(`/api/console/login-tickets/${ticket}`)).json();
    return session.csrfToken || `no session: ${confirmed.status} ${JSON.stringify(session)}`;
  });
  expect(page.csrf).not.toMatch(/^no session/);
});

afterAll(async () => {
  await browser?.close();
});

describe('the printed code sheets', () => {
  test('every card fits whole on its A4 sheet in every layout, even with the longest name and address', async () => {
    // Rooms at the city's root with a name and an address as long as the API takes, closed at once so they stay off
    // every other list; the sheets are printed with the closed rooms included.
    const session = await api('GET', '/api/console/session');
    const city = session.body.grants.find((g) => g.role === 'region_admin');
    const long = (text, length) => text.repeat(Math.ceil(length / text.length)).slice(0, length);
    for (let i = 1; i <= 3; i++) {
      const name = `${i}${run}${long('清江浦区长西街道柳树湾社区第一网格居民协商议事室', 100)}`.slice(0, 100);
      const address = long('江苏省淮安市清江浦区长西街道柳树湾社区党群服务中心二楼东侧会议室', 255);
      const created = await api('POST', '/api/rooms', { regionId: city.regionId, name, address });
      expect(created.status).toBe(201);
      const closed = await api('PUT', `/api/rooms/${created.body.id}`, { name, address, isActive: false });
      expect(closed.status).toBe(200);
    }

    await page.goto(`${URL}/console/print`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-test=print-sheets][data-ready=true]', { timeout: 30000 });
    await page.click('[data-test=print-with-closed]');
    for (const perPage of [4, 6, 9]) {
      await page.emulateMediaType('screen');
      await page.$$eval('[data-test=print-per-page] label', (labels, text) => labels.find((l) => l.textContent.includes(text)).click(), `${perPage} 个`);
      await page.waitForFunction((n) => document.querySelectorAll('[data-test=print-sheet]')[0]?.classList.contains(`per-${n}`)
        && document.querySelector('[data-test=print-sheets]').dataset.ready === 'true', { timeout: 30000 }, perPage);
      await page.emulateMediaType('print');
      const sheets = await measure();
      const cards = sheets.flatMap((s) => s.cards);
      expect(cards.filter((c) => c.name.includes(run)), `${perPage} a page`).toHaveLength(3);
      for (const sheet of sheets) {
        // A hair under A4, so that the printer never spills a sheet onto a second page.
        expect(sheet.height / PX_PER_MM).toBeLessThanOrEqual(297);
        for (const card of sheet.cards) {
          const where = `${perPage} a page, ${card.name.slice(0, 20)}`;
          expect(inside(card.box, sheet.inner), `${where}: the card lies inside its sheet`).toBe(true);
          for (const part of card.parts) expect(inside(part.box, card.box), `${where}: ${part.what} lies inside its card`).toBe(true);
          expect(card.code / PX_PER_MM, `${where}: the code's size in mm`).toBeGreaterThanOrEqual(MIN_CODE_MM);
          expect(card.scene).toMatch(/^场景码 \S{8,32}$/);
          expect(card.sceneClipped, `${where}: the scene code is shown whole`).toBe(false);
        }
      }
      // And on paper: one A4 page a sheet. The page tree's root has the largest count: past 8 pages Chromium writes
      // intermediate nodes, each with its own.
      const pdf = Buffer.from(await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
      const pages = Math.max(...[...pdf.matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1])));
      expect(pages, `${perPage} a page`).toBe(sheets.length);
    }
    await page.emulateMediaType('screen');
  });
});
