// Progressive enhancement only: every page works without this file.

/** Votes without a reload: the same form posts with fetch, and the score is announced. */
function enhanceVoting() {
  for (const form of document.querySelectorAll('form[data-vote]')) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const column = form.closest('[data-vote-column]');
      const data = new FormData(form);
      const button = form.querySelector('button');
      button.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': data.get('_csrf') },
          body: new URLSearchParams(data),
          credentials: 'same-origin',
        });
        const result = await response.json();
        if (!response.ok) {
          announce(column, result.message ?? 'Your vote could not be saved.');
          return;
        }
        updateColumn(column, result);
      } catch {
        form.submit();
      } finally {
        button.disabled = false;
      }
    });
  }
}

function updateColumn(column, { score, myVote }) {
  const score_ = column.querySelector('[data-score]');
  score_.textContent = String(score);
  score_.setAttribute('aria-label', `score ${score}`);
  const [upForm, downForm] = column.querySelectorAll('form[data-vote]');
  setState(upForm, myVote === 1, myVote === 1 ? 0 : 1, myVote === 1 ? 'Remove upvote' : 'Upvote');
  setState(downForm, myVote === -1, myVote === -1 ? 0 : -1, myVote === -1 ? 'Remove downvote' : 'Downvote');
}

function setState(form, pressed, nextValue, label) {
  form.querySelector('input[name="value"]').value = String(nextValue);
  const button = form.querySelector('button');
  button.setAttribute('aria-pressed', String(pressed));
  button.setAttribute('aria-label', label);
}

function announce(column, message) {
  const score = column.querySelector('[data-score]');
  score.setAttribute('aria-label', message);
  score.textContent = score.textContent;
}

enhanceVoting();

/** Deflection: similar solved questions and articles appear while the title of a new question is typed. */
function suggestSimilar() {
  const title = document.querySelector('form[action="/questions"] input[name="title"]');
  const box = document.getElementById('similar-questions');
  if (!title || !box) return;
  let timer;
  let last = '';
  title.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = title.value.trim();
      if (text.length < 8 || text === last) return;
      last = text;
      const response = await fetch(`/api/v1/search/similar?title=${encodeURIComponent(text)}`, { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const { hits } = await response.json();
      box.replaceChildren();
      if (!hits.length) return;
      const section = document.createElement('div');
      section.className = 'similar-questions';
      const heading = document.createElement('p');
      heading.textContent = 'These might already answer it:';
      const list = document.createElement('ul');
      for (const hit of hits) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = hit.clickUrl;
        link.textContent = hit.title;
        item.append(link);
        list.append(item);
      }
      section.append(heading, list);
      box.append(section);
    }, 300);
  });
}

suggestSimilar();

/** Service levels on the ask page: what to expect for the tags being chosen, as they change. */
function expectResponseTimes() {
  const box = document.querySelector('[data-response-expectation]');
  const tags = document.querySelector('form[action="/questions"] input[name="tags"]');
  if (!box || !tags) return;
  let timer;
  let last = tags.value.trim();
  tags.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = tags.value.trim();
      if (text === last) return;
      last = text;
      const response = await fetch(`/api/v1/service-levels/expectations?tags=${encodeURIComponent(text)}`, { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const { expectations } = await response.json();
      if (!expectations.length) return;
      box.replaceChildren(...expectations.map((e) => Object.assign(document.createElement('p'), { textContent: e.text })));
    }, 400);
  });
}

expectResponseTimes();

/** The service-levels page opens in UTC; a browser that knows its own time zone shows the grid in it. */
function serviceLevelsInLocalTime() {
  const select = document.querySelector('[data-time-zone-form] select[name="tz"]');
  if (!select || new URL(location.href).searchParams.has('tz')) return;
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!local || local === select.dataset.timeZone || ![...select.options].some((o) => o.value === local)) return;
  const url = new URL(location.href);
  url.searchParams.set('tz', local);
  location.replace(url);
}

serviceLevelsInLocalTime();

/** Markdown preview in place: the Preview button's own request, shown without leaving the editor. */
function previewInPlace() {
  for (const button of document.querySelectorAll('[data-preview-button]')) {
    const form = button.form;
    const box = form?.querySelector('[data-markdown-preview]');
    if (!box) continue;
    const refresh = async () => {
      const data = new FormData(form);
      data.set('intent', 'preview');
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': data.get('_csrf') },
        body: new URLSearchParams(data),
        credentials: 'same-origin',
      });
      if (!response.ok) return false;
      const rendered = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-markdown-preview] .post-body');
      if (!rendered) return false;
      box.querySelector('.post-body').replaceChildren(...rendered.childNodes);
      box.hidden = false;
      return true;
    };
    button.addEventListener('click', async (event) => {
      event.preventDefault();
      button.disabled = true;
      const shown = await refresh().catch(() => false);
      button.disabled = false;
      if (!shown) form.requestSubmit(button); // the page's own way, as without JavaScript

    });
    // Once shown, the preview follows the typing.
    let timer;
    form.querySelector('textarea[name="body"]')?.addEventListener('input', () => {
      if (box.hidden) return;
      clearTimeout(timer);
      timer = setTimeout(() => refresh().catch(() => undefined), 600);
    });
  }
}

previewInPlace();
