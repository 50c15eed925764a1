// Small helpers for page tests: mount with a router, wait for promises, find in teleported dialogs.
import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';

const Blank = { template: '<div />' };

/** A router with the console's route names, every page blank, for components that link or navigate. */
export function testRouter(path = '/') {
  const names = ['home', 'login', 'places', 'import', 'print', 'people', 'logins', 'statistics', 'channels'];
  const routes = names.map((name) => ({ path: `/${name === 'home' ? '' : name}`, name, component: Blank }));
  routes.push({ path: '/work/topics/:id', name: 'topic', component: Blank }, { path: '/work/review', name: 'review', component: Blank }, { path: '/work/due', name: 'due', component: Blank }, { path: '/work/moderation', name: 'moderation', component: Blank });
  const router = createRouter({ history: createMemoryHistory(), routes });
  router.push(path);
  return router;
}

export async function mountPage(component, { props, router = testRouter(), stubs = {} } = {}) {
  await router.isReady();
  const wrapper = mount(component, {
    props,
    attachTo: document.body,
    global: { plugins: [router], stubs: { EChart: true, ...stubs } },
  });
  await flushPromises();
  return { wrapper, router };
}

/** Elements anywhere in the document (dialogs are teleported to body). */
export const $ = (selector) => document.body.querySelector(selector);
export const $$ = (selector) => [...document.body.querySelectorAll(selector)];

export async function click(selector) {
  const el = typeof selector === 'string' ? $(selector) : selector;
  if (!el) throw new Error(`nothing matches ${selector}`);
  el.click();
  await flushPromises();
}

/** Types into the input of a FormFields field (data-test="field-<key>") and leaves it, as a person moving on does. */
export async function type(fieldKey, text) {
  const input = $(`[data-test="field-${fieldKey}"] input, [data-test="field-${fieldKey}"] textarea`);
  if (!input) throw new Error(`no input for field ${fieldKey}`);
  await typeAndLeave(input, text);
}

/** Types into an input and leaves it, as a person moving on does. */
export async function typeAndLeave(input, text) {
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true })); // as a browser's does
  input.blur();
  await flushPromises();
}

export function cleanup(wrapper) {
  wrapper.unmount();
  document.body.innerHTML = '';
}

export { flushPromises };
