// Boots the console: language, staff key, navigation, and the view of the current hash route.
import { h, clear, field } from './dom.js';
import { t, tValue, setLanguage, preferredLanguage, translateStatic, currentLanguage } from './i18n.js';
import { staffKey, setStaffKey, clearStaffKey, unauthorizedEvent, ApiError } from './api.js';
import { loadIdentity, identity, may } from './permissions.js';
import { currentRoute, href } from './router.js';
import { renderQueue } from './views/queue.js';
import { renderCase } from './views/case.js';
import { renderDebtor } from './views/debtor.js';
import { renderDashboard } from './views/dashboard.js';
import { renderPayments } from './views/payments.js';
import { announce } from './status.js';
import { describeError } from './errors.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');
const languageSelect = document.getElementById('language');
let signedIn = false;
let signInMessage = null;

async function start() {
  await setLanguage(preferredLanguage());
  languageSelect.value = currentLanguage();
  translateStatic();
  languageSelect.addEventListener('change', async () => {
    await setLanguage(languageSelect.value);
    translateStatic();
    await render();
  });
  signOut.addEventListener('click', () => {
    clearStaffKey();
    signedIn = false;
    render();
  });
  window.addEventListener(unauthorizedEvent, () => {
    // While signing in, the form itself says the key was refused.
    if (!signedIn) return;
    signedIn = false;
    signInMessage = t('signIn.expired');
    render();
  });
  // After a navigation the focus moves to the new view, so keyboard and screen-reader users start at its top.
  window.addEventListener('hashchange', async () => {
    await render();
    if (signedIn) main.focus();
  });
  if (staffKey()) {
    try {
      await loadIdentity();
      signedIn = true;
    } catch (error) {
      signedIn = false;
      if (!(error instanceof ApiError && error.status === 401)) signInMessage = t('errors.network');
    }
  }
  await render();
}

async function render() {
  if (!signedIn || !staffKey()) {
    renderSignIn();
    return;
  }
  renderChrome();
  const route = currentRoute();
  clear(main);
  try {
    switch (route.view) {
      case 'cases': await renderCase(main, route); break;
      case 'debtors': await renderDebtor(main, route); break;
      case 'dashboard': await renderDashboard(main, route); break;
      case 'payments': await renderPayments(main, route); break;
      default: await renderQueue(main, route); break;
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    clear(main).append(h('h1', { text: t('errors.title') }), h('p', { class: 'problem', role: 'alert', text: describeError(error) }));
  }
}

function renderChrome() {
  const me = identity();
  const route = currentRoute();
  const links = [
    ['queue', 'nav.queue'],
    ['dashboard', 'nav.dashboard'],
    ...(may('matchPayment') ? [['payments', 'nav.payments']] : []),
  ];
  clear(nav).append(...links.map(([view, key]) =>
    h('a', { href: href(view), 'aria-current': route.view === view ? 'page' : null, text: t(key) })));
  nav.hidden = false;
  who.textContent = me.keyId ? t('app.signedInAs', { keyId: me.keyId, role: tValue('role', me.role) }) : tValue('role', me.role);
  signOut.hidden = false;
}

function renderSignIn() {
  nav.hidden = true;
  signOut.hidden = true;
  who.textContent = '';
  const input = h('input', { type: 'password', name: 'staffKey', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'problem', role: 'alert', hidden: !signInMessage, text: signInMessage ?? '' });
  const form = h('form', { class: 'sign-in', novalidate: true },
    h('h1', { text: t('signIn.title') }),
    h('p', { text: t('signIn.explanation') }),
    message,
    field(t('signIn.key'), input),
    h('button', { type: 'submit', text: t('signIn.submit') }));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      message.hidden = false;
      message.textContent = t('signIn.required');
      input.focus();
      return;
    }
    setStaffKey(key);
    try {
      await loadIdentity();
      signedIn = true;
      signInMessage = null;
      announce(t('signIn.done'));
      await render();
      main.focus();
    } catch (error) {
      clearStaffKey();
      message.hidden = false;
      message.textContent = error instanceof ApiError && error.status === 401 ? t('signIn.invalid') : describeError(error);
      input.focus();
    }
  });
  clear(main).append(form);
  input.focus();
}

start();
