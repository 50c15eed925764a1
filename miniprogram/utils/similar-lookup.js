// 重复诉求: while a resident writes, the open topics of the town that look like it. Asked `delay` ms after typing
// stops, once the title and description hold at least MIN_CHARS characters; the answer to an older text is dropped,
// and a failure shows nothing (suggestions help, they never stand in the way of submitting).
const DELAY = 600;
const MIN_CHARS = 4;

function similarLookup({ fetch, show, delay = DELAY }) {
  let timer = null;
  let asked = 0;
  let shownFor = '';

  function cancel() {
    clearTimeout(timer);
    timer = null;
    asked += 1;
  }

  function typed(title, description) {
    const t = (title || '').trim();
    const d = (description || '').trim();
    const key = `${t}\n${d}`;
    if (key === shownFor && !timer) return;
    cancel();
    if ((t + d).replace(/\s/g, '').length < MIN_CHARS) {
      shownFor = '';
      show([]);
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      const ask = asked;
      fetch(t, d).then((answer) => {
        if (ask !== asked) return;
        shownFor = key;
        show(answer.items || []);
      }, () => {});
    }, delay);
  }

  return { typed, cancel };
}

module.exports = { similarLookup, DELAY, MIN_CHARS };
