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
