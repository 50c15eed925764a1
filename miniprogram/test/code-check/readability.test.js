/**
 * @jest-environment node
 */
// Older residents: type that follows WeChat's font-size setting on every page, and tap targets at least 88rpx tall.
// Read from the sources, so a new page or a new tappable element cannot slip past.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));
const PAGES = app.pages.concat(...(app.subPackages || []).map((p) => p.pages.map((page) => `${p.root}/${page}`)));
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');

function files(dir, ext, out = []) {
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).forEach((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) files(rel, ext, out);
    else if (entry.name.endsWith(ext)) out.push(rel);
  });
  return out;
}

const OUR_DIRS = ['pages', 'packageStaff', 'components'];
const WXSS = ['app.wxss'].concat(...OUR_DIRS.map((d) => files(d, '.wxss')));
const WXML = [].concat(...OUR_DIRS.map((d) => files(d, '.wxml')));

// Class → whether some rule for it (alone or in a selector list) sets min-height of at least 88rpx.
function tallClasses(wxssFiles) {
  const tall = new Set();
  wxssFiles.forEach((file) => {
    const css = read(file).replace(/\/\*[\s\S]*?\*\//g, '');
    for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
      const height = /min-height:\s*(\d+)rpx/.exec(body);
      if (!height || Number(height[1]) < 88) continue;
      selectors.split(',').forEach((s) => {
        const simple = /^\s*\.([\w-]+)\s*$/.exec(s);
        if (simple) tall.add(simple[1]);
      });
    }
  });
  return tall;
}

describe('type follows WeChat\'s font-size setting', () => {
  // That each page sets pageStyle on load is tested by rendering it (font-scale.test.js).
  test.each(PAGES)('%s binds the scale on its page-meta', (page) => {
    expect(read(`${page}.wxml`).trimStart()).toMatch(/^<page-meta page-style="\{\{pageStyle\}\}"\s*\/>/);
  });

  test('no font size or line height in our styles is fixed: each scales with --font-scale', () => {
    const fixed = [];
    WXSS.forEach((file) => {
      read(file).split('\n').forEach((line, i) => {
        const sizes = line.split(/[;{}]/).filter((decl) => /(font-size|line-height|-font|\bfont)\s*:.*\d(rpx|px)/.test(decl));
        if (sizes.some((decl) => !decl.includes('var(--font-scale'))) fixed.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    });
    expect(fixed).toEqual([]);
  });
});

describe('tap targets', () => {
  test('every tappable element that is not a TDesign button or cell is at least 88rpx tall', () => {
    const small = [];
    WXML.forEach((file) => {
      const tall = tallClasses(['app.wxss', 'packageStaff/staff.wxss', file.replace(/\.wxml$/, '.wxss')]);
      for (const [tag, name] of read(file).matchAll(/<([a-z-]+)\b[^>]*>/g)) {
        if (!/\b(bindtap|bind:tap|catchtap|catch:tap)=/.test(tag) || ['t-button', 't-cell'].includes(name)) continue;
        const classAttr = (/\bclass="([^"]*)"/.exec(tag) || [, ''])[1].replace(/\{\{[^}]*\}\}/g, ' ');
        if (!classAttr.split(/\s+/).some((c) => tall.has(c))) small.push(`${file}: ${tag}`);
      }
    });
    expect(small).toEqual([]);
  });
});
