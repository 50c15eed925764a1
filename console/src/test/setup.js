// jsdom lacks a few browser APIs TDesign uses; register TDesign for every mounted component.
import { config } from '@vue/test-utils';
import TDesign from 'tdesign-vue-next';

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = globalThis.ResizeObserver || ResizeObserverStub;
globalThis.IntersectionObserver = globalThis.IntersectionObserver || ResizeObserverStub;
window.matchMedia = window.matchMedia || ((query) => ({
  matches: false, media: query, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent() { return false; },
}));
window.scrollTo = () => {};
Element.prototype.scrollTo = Element.prototype.scrollTo || (() => {});
Element.prototype.scrollIntoView = Element.prototype.scrollIntoView || (() => {});

config.global.plugins = [TDesign];
