// The page's aria-live region: results of actions are read out by screen readers.

export function announce(text) {
  const region = document.getElementById('status');
  region.textContent = '';
  // A new text node after a tick, so the same message twice is announced twice.
  setTimeout(() => { region.textContent = text; }, 50);
}
