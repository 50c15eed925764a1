// Renders a Page() under miniprogram-simulate, which only knows Component(): the page's options
// become a component (data → data, functions → methods), the page is attached, and onLoad(query)
// is called the way WeChat calls it.
const path = require('path');
const simulate = require('miniprogram-simulate');

const simulateUtils = require('miniprogram-simulate/src/utils');

const ROOT = path.resolve(__dirname, '..');
const NPM_PREFIX = 'tdesign-miniprogram/';
const TDESIGN_DIST = '/node_modules/tdesign-miniprogram/miniprogram_dist/';

// Our pages name TDesign components the way the DevTools npm build resolves them
// ("tdesign-miniprogram/cell/cell" → miniprogram_npm/). miniprogram-simulate has no npm
// resolution, so when it reads one of our .json files the names are pointed at node_modules
// (root-relative, resolved against rootPath). simulate's own usingComponents override is not
// used: it applies to every TDesign component too and makes their imports circular.
const readJson = simulateUtils.readJson;
simulateUtils.readJson = (filePath) => {
  const json = readJson(filePath);
  if (!json || !json.usingComponents || filePath.includes(`${path.sep}node_modules${path.sep}`)) return json;
  Object.entries(json.usingComponents).forEach(([tag, target]) => {
    if (target.startsWith(NPM_PREFIX)) json.usingComponents[tag] = TDESIGN_DIST + target.slice(NPM_PREFIX.length);
  });
  return json;
};

function pageAsComponent(options) {
  const { data, ...rest } = options;
  const methods = {};
  Object.entries(rest).forEach(([name, value]) => {
    if (typeof value === 'function') methods[name] = value;
  });
  return { data, methods };
}

// Pages rendered in the current test are unloaded after it (a hook of every test file that renders pages), as WeChat does when the person leaves, so a
// page's timer (the propose page's similar-topics lookup) never fires into the next test's mocked requests.
const rendered = [];

function unloadRendered() {
  rendered.splice(0).forEach((page) => {
    if (typeof page.instance.onUnload === 'function') page.instance.onUnload();
  });
}

afterEach(unloadRendered);

async function renderPage(pagePath, query = {}) {
  const originalPage = global.Page;
  global.Page = (options) => global.Component(pageAsComponent(options));
  let id;
  try {
    // simulate re-runs component code by deleting it from require.cache, which jest ignores;
    // a fresh module registry per render gives each render its own page and component code.
    jest.isolateModules(() => {
      id = simulate.load(path.join(ROOT, pagePath), { compiler: 'simulate', rootPath: ROOT });
    });
  } finally {
    global.Page = originalPage;
  }
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  rendered.push(page);
  page.instance.onLoad(query);
  await settle();
  return page;
}

/** Lets mocked requests answer and setData render. */
async function settle() {
  for (let i = 0; i < 5; i += 1) await simulate.sleep(0);
}

// TDesign components are virtual hosts (no element of their own): their content is the elements
// of their shadow tree, so text and taps go there, as on a phone.
function innerElements(node) {
  if (node.dom) return [node];
  const children = (node._exparserNode.shadowRoot && node._exparserNode.shadowRoot.childNodes) || [];
  return children
    .filter((child) => child.$$ !== undefined || child.shadowRoot)
    .flatMap((child) => innerElements(new node.constructor(child)));
}

function find(page, selector) {
  const node = page.querySelector(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  return node;
}

/** The visible text of the first match, whitespace collapsed; null when nothing matches. */
function text(page, selector) {
  const node = page.querySelector(selector);
  if (!node) return null;
  const content = innerElements(node).map((n) => (n.dom ? n.dom.textContent : '')).join(' ');
  return content.replace(/\s+/g, ' ').trim();
}

/** Taps the first match (for a TDesign component, its outermost element) and lets the page settle. */
async function tap(page, selector) {
  const [target] = innerElements(find(page, selector));
  target.dispatchEvent('tap');
  await settle();
}

module.exports = { unloadRendered, renderPage, settle, text, tap, find, simulate };
