// The case page: header, actions the key may use (each in a dialog), and the full timeline.
import { h, clear, field } from '../dom.js';
import { t, tValue, money, date, dateTime, number } from '../i18n.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { may } from '../permissions.js';
import { caseActions, actionBody, runAction } from '../actions.js';
import { daysOverdue } from '../cases.js';
import { showProblem, clearProblem } from '../errors.js';
import { announce } from '../status.js';
import { stateText } from './queue.js';
import { timelineOf } from '../timeline.js';

export async function renderCase(main, route) {
  const item = await api(`/api/cases/${encodeURIComponent(route.id)}`);
  show(main, item);
}

function show(main, item) {
  clear(main).append(
    h('p', {}, h('a', { href: href('queue'), text: t('case.backToQueue') })),
    h('h1', { text: t('case.title', { invoice: item.invoiceNumber ?? item.invoiceId }) }),
    header(item),
    actions(main, item),
    h('section', { 'aria-labelledby': 'timeline-title' },
      h('h2', { id: 'timeline-title', text: t('case.timeline') }),
      timeline(item)));
}

function header(item) {
  const entry = (key, value) => h('div', {}, h('dt', { text: t(`case.field.${key}`) }), h('dd', {}, value));
  const promise = item.promise
    ? `${date(item.promise.promisedOn)}${item.promise.amount != null ? ` · ${money(item.promise.amount, item.currency)}` : ''} · ${tValue('promiseStatus', item.promise.status)}`
    : '—';
  return h('dl', { class: 'case-header' },
    entry('invoice', `${item.invoiceNumber ?? ''} (${item.invoiceId})`),
    entry('debtor', h('a', { href: href('debtors', item.debtor.id), text: item.debtor.name })),
    entry('state', stateText(item)),
    entry('balance', `${money(item.balance, item.currency)} / ${money(item.amount, item.currency)}`),
    entry('dueOn', date(item.dueOn)),
    entry('daysOverdue', number(daysOverdue(item))),
    entry('step', number(item.currentStep)),
    entry('nextAction', item.nextActionAt ? dateTime(item.nextActionAt) : '—'),
    entry('policy', `${item.policy.name} v${item.policy.version}`),
    entry('promise', promise));
}

function actions(main, item) {
  const allowed = caseActions.filter(action => may(action.may));
  if (!allowed.length) return null;
  return h('section', { 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title', text: t('case.actions') }),
    h('div', { class: 'actions' }, allowed.map(action =>
      h('button', { type: 'button', class: action.danger ? 'danger' : null, dataset: { action: action.id }, text: t(`action.${action.id}`),
        onclick: () => openDialog(main, item, action) }))));
}

/** A modal form for one action: Escape or Cancel closes it, Enter submits; a refusal is shown beside its field. */
function openDialog(main, item, action) {
  const controls = action.fields.map(spec => control(spec));
  const summary = h('p', { class: 'problem', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', text: t('action.submit') });
  const form = h('form', { method: 'dialog', novalidate: true },
    h('h2', { id: 'dialog-title', text: t(`action.${action.id}`) }),
    h('p', { text: t('action.forCase', { invoice: item.invoiceNumber ?? item.invoiceId }) }),
    controls.map(([spec, element]) => field(t(spec.label), element)),
    summary,
    h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'secondary', text: t('action.cancelDialog'), onclick: () => dialog.close() }),
      submit));
  const dialog = h('dialog', { 'aria-labelledby': 'dialog-title' }, form);
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearProblem(form, summary);
    const values = Object.fromEntries(controls.map(([spec, element]) => [spec.name, element.value]));
    submit.disabled = true;
    try {
      const updated = await runAction(item.invoiceId, action.path, actionBody(values));
      dialog.close();
      show(main, updated);
      announce(t('action.done', { action: t(`action.${action.id}`) }));
      main.querySelector(`[data-action="${action.id}"]`)?.focus();
    } catch (error) {
      showProblem(form, summary, error);
    } finally {
      submit.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
}

function control(spec) {
  let element;
  if (spec.type === 'textarea') {
    element = h('textarea', { name: spec.name, maxlength: '2000', required: spec.required });
  } else if (spec.type === 'select') {
    element = h('select', { name: spec.name, required: spec.required },
      spec.options.filter(option => may(option.may)).map(option => h('option', { value: option.value, text: tValue('escalateTo', option.value) })));
  } else if (spec.type === 'number') {
    element = h('input', { type: 'number', name: spec.name, min: '0', step: 'any', inputmode: 'decimal' });
  } else {
    element = h('input', { type: spec.type, name: spec.name, required: spec.required });
  }
  return [spec, element];
}

function timeline(item) {
  const entries = timelineOf(item);
  if (!entries.length) return h('p', { text: t('case.noEvents') });
  return h('ol', { class: 'timeline' }, entries.map(entry => h('li', { dataset: { kind: entry.kind, type: entry.type ?? '' } },
    h('div', { class: 'when' }, h('time', { datetime: entry.at ?? '', text: entry.at ? dateTime(entry.at) : t('case.notYet') })),
    h('div', { class: 'what', text: entry.title }),
    entry.actor ? h('div', { class: 'actor', text: entry.actor }) : null,
    entry.body ?? null)));
}
