// The work queue: filters and sort in the hash route, paging by continuation token, bulk actions, CSV export.
import { h, field } from '../dom.js';
import { t, tValue, money, date, dateTime, number } from '../i18n.js';
import { api, query, download, ApiError } from '../api.js';
import { href, go } from '../router.js';
import { may } from '../permissions.js';
import { bulkActions, actionBody, runAction } from '../actions.js';
import { states, buckets, daysOverdue, agingBucket } from '../cases.js';
import { describeError, showProblem } from '../errors.js';
import { announce } from '../status.js';

const FILTERS = ['state', 'aging', 'debtorId', 'policy', 'minBalance', 'maxBalance', 'currency', 'sort', 'pageSize'];
const SORTS = ['-daysOverdue', 'daysOverdue', '-balance', 'balance', 'nextAction', '-nextAction'];

// Previous pages' tokens for "previous" (kept in the tab, the current token is in the route).
let pageStack = [];
let stackFilters = null;

export async function renderQueue(main, route) {
  const filters = Object.fromEntries(FILTERS.map(name => [name, route.params.get(name) ?? '']));
  const token = route.params.get('continuationToken') ?? '';
  const filterKey = JSON.stringify(filters);
  if (stackFilters !== filterKey || !token) {
    pageStack = [];
    stackFilters = filterKey;
  }

  const form = filterForm(filters);
  const summary = h('p', { class: 'problem', role: 'alert', tabindex: '-1', hidden: true });
  main.append(h('h1', { text: t('queue.title') }), form, summary);
  const results = h('section', { 'aria-labelledby': 'queue-results' }, h('h2', { id: 'queue-results', class: 'visually-hidden', text: t('queue.results') }));
  main.append(results);

  let page;
  try {
    page = await api(`/api/cases${query({ ...filters, sort: filters.sort || undefined, continuationToken: token })}`);
  } catch (error) {
    // A filter the API refuses (maxBalance below minBalance, a bad currency) is shown at its field.
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    showProblem(form, summary, error);
    return;
  }
  const rows = page.value ?? [];
  const selected = new Set();
  const resultCells = new Map();
  const stateCells = new Map();
  const balanceCells = new Map();

  const exportButton = h('button', { type: 'button', class: 'secondary', text: t('queue.exportCsv'),
    onclick: () => download(`/api/cases${query({ ...filters, format: 'csv' })}`, 'casos.csv').catch(error => announce(describeError(error))) });
  results.append(h('div', { class: 'toolbar' }, h('span', { text: t('queue.count', { count: rows.length }) }), exportButton));

  const bulk = bulkForm(rows, selected, resultCells, stateCells, balanceCells);
  if (bulk) results.append(bulk);

  if (!rows.length) {
    results.append(h('p', { class: 'notice', text: t('queue.empty') }));
  } else {
    results.append(table(rows, selected, resultCells, stateCells, balanceCells, bulk !== null));
  }

  results.append(pager(route, filters, token, page.continuationToken));
}

function filterForm(filters) {
  const stateSelect = h('select', { name: 'state' },
    h('option', { value: '', text: t('queue.filter.any') }),
    states.map(state => h('option', { value: state, selected: filters.state === state, text: tValue('state', state) })));
  const agingSelect = h('select', { name: 'aging' },
    h('option', { value: '', text: t('queue.filter.any') }),
    buckets.map(bucket => h('option', { value: bucket, selected: filters.aging === bucket, text: tValue('bucket', bucket) })));
  const sortSelect = h('select', { name: 'sort' },
    SORTS.map(sort => h('option', { value: sort, selected: (filters.sort || '-daysOverdue') === sort, text: tValue('sort', sort) })));
  const pageSize = h('select', { name: 'pageSize' },
    ['25', '50', '100', '200'].map(size => h('option', { value: size, selected: (filters.pageSize || '50') === size, text: size })));
  const text = (name, type = 'text', extra = {}) => h('input', { name, type, value: filters[name], ...extra });

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('queue.filters') },
    field(t('queue.filter.state'), stateSelect),
    field(t('queue.filter.aging'), agingSelect),
    field(t('queue.filter.debtor'), text('debtorId')),
    field(t('queue.filter.policy'), text('policy')),
    field(t('queue.filter.minBalance'), text('minBalance', 'number', { min: '0', step: 'any', inputmode: 'decimal' })),
    field(t('queue.filter.maxBalance'), text('maxBalance', 'number', { min: '0', step: 'any', inputmode: 'decimal' })),
    field(t('queue.filter.currency'), text('currency', 'text', { maxlength: '3', autocapitalize: 'characters' })),
    field(t('queue.sort'), sortSelect),
    field(t('queue.pageSize'), pageSize),
    h('div', { class: 'toolbar' },
      h('button', { type: 'submit', text: t('queue.apply') }),
      h('a', { class: 'button secondary', href: href('queue'), text: t('queue.clear') })));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    if (values.currency) values.currency = values.currency.toUpperCase();
    if (values.sort === '-daysOverdue') delete values.sort;
    if (values.pageSize === '50') delete values.pageSize;
    go('queue', null, values);
  });
  return form;
}

function table(rows, selected, resultCells, stateCells, balanceCells, selectable) {
  const columns = ['invoice', 'debtor', 'state', 'daysOverdue', 'aging', 'balance', 'dueOn', 'nextAction', 'policy'];
  const all = h('input', { type: 'checkbox', 'aria-label': t('queue.selectAll') });
  const boxes = [];
  all.addEventListener('change', () => {
    for (const box of boxes) {
      box.checked = all.checked;
      box.dispatchEvent(new Event('change'));
    }
  });
  const head = h('tr', {},
    selectable ? h('th', { scope: 'col' }, all) : null,
    columns.map(column => h('th', { scope: 'col', class: ['daysOverdue', 'balance'].includes(column) ? 'num' : null, text: t(`queue.column.${column}`) })),
    selectable ? h('th', { scope: 'col', text: t('queue.column.result') }) : null);
  const body = h('tbody', {}, rows.map(item => {
    const label = column => t(`queue.column.${column}`);
    const box = h('input', { type: 'checkbox', 'aria-label': t('queue.select', { invoice: item.invoiceNumber ?? item.invoiceId }), value: item.invoiceId });
    box.addEventListener('change', () => (box.checked ? selected.add(item.invoiceId) : selected.delete(item.invoiceId)));
    boxes.push(box);
    const stateCell = h('td', { 'data-label': label('state') }, stateText(item));
    const balanceCell = h('td', { class: 'num', 'data-label': label('balance'), text: money(item.balance, item.currency) });
    const resultCell = h('td', { 'data-label': t('queue.column.result'), class: 'result' });
    stateCells.set(item.invoiceId, stateCell);
    balanceCells.set(item.invoiceId, balanceCell);
    resultCells.set(item.invoiceId, resultCell);
    return h('tr', { dataset: { invoiceId: item.invoiceId } },
      selectable ? h('td', { 'data-label': t('queue.column.select') }, box) : null,
      h('td', { 'data-label': label('invoice') }, h('a', { href: href('cases', item.invoiceId), text: item.invoiceNumber ?? item.invoiceId })),
      h('td', { 'data-label': label('debtor') }, h('a', { href: href('debtors', item.debtor?.id), text: item.debtor?.name ?? item.debtor?.id })),
      stateCell,
      h('td', { class: 'num', 'data-label': label('daysOverdue'), text: number(daysOverdue(item)) }),
      h('td', { 'data-label': label('aging'), text: tValue('bucket', agingBucket(item)) }),
      balanceCell,
      h('td', { 'data-label': label('dueOn'), text: date(item.dueOn) }),
      h('td', { 'data-label': label('nextAction'), text: item.nextActionAt ? dateTime(item.nextActionAt) : '—' }),
      h('td', { 'data-label': label('policy'), text: item.policy ? `${item.policy.name} v${item.policy.version}` : '' }),
      selectable ? resultCell : null);
  }));
  return h('table', { class: 'cards queue' }, h('caption', { class: 'visually-hidden', text: t('queue.title') }), h('thead', {}, head), body);
}

export function stateText(item) {
  let text = tValue('state', item.state);
  if (item.handedOffTo) text += ` · ${tValue('handoff', item.handedOffTo)}`;
  if (item.closedReason) text += ` · ${tValue('closedReason', item.closedReason)}`;
  return h('span', { class: 'state', text });
}

function bulkForm(rows, selected, resultCells, stateCells, balanceCells) {
  const allowed = bulkActions.filter(action => may(action.may));
  if (!allowed.length || !rows.length) return null;
  const actionSelect = h('select', { name: 'action' }, allowed.map(action => h('option', { value: action.id, text: t(`bulk.${action.id}`) })));
  const dateInput = h('input', { type: 'date', name: 'promisedOn' });
  const textInput = h('input', { type: 'text', name: 'text', maxlength: '2000' });
  const dateField = field(t('action.field.promisedOn'), dateInput);
  const textField = field(t('bulk.text'), textInput);
  const summary = h('p', { class: 'problem', role: 'alert', hidden: true });
  const update = () => {
    const action = allowed.find(a => a.id === actionSelect.value);
    dateField.hidden = action.input !== 'promisedOn';
    textField.hidden = !(action.input === 'reason' || action.input === 'text');
    textInput.required = action.input === 'text';
    textField.querySelector('label').textContent = t(action.input === 'text' ? 'action.field.text' : 'action.field.reason');
  };
  actionSelect.addEventListener('change', update);
  const submit = h('button', { type: 'submit', text: t('bulk.run') });
  const form = h('form', { class: 'bulk', 'aria-label': t('bulk.title') },
    field(t('bulk.action'), actionSelect), dateField, textField, submit, summary);
  update();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    summary.hidden = true;
    const action = allowed.find(a => a.id === actionSelect.value);
    if (!selected.size) {
      summary.hidden = false;
      summary.textContent = t('bulk.noneSelected');
      return;
    }
    if (action.input === 'promisedOn' && !dateInput.value) {
      summary.hidden = false;
      summary.textContent = t('errors.field', { field: t('action.field.promisedOn') }) + ' ' + t('errors.required');
      dateInput.focus();
      return;
    }
    const values = { ...(action.fixed ?? {}) };
    if (action.input === 'promisedOn') values.promisedOn = dateInput.value;
    if (action.input === 'reason') values.reason = textInput.value;
    if (action.input === 'text') values.text = textInput.value;
    const body = actionBody(values);
    submit.disabled = true;
    let done = 0;
    const ids = [...selected];
    // One call per case, one after another: each with its own Idempotency-Key and its own result in its row.
    for (const id of ids) {
      const cell = resultCells.get(id);
      cell.textContent = t('bulk.running');
      try {
        const updated = await runAction(id, action.path, body);
        done++;
        cell.replaceChildren(h('span', { class: 'ok', text: t('bulk.done') }));
        stateCells.get(id)?.replaceChildren(stateText(updated));
        balanceCells.get(id) && (balanceCells.get(id).textContent = money(updated.balance, updated.currency));
      } catch (error) {
        cell.replaceChildren(h('span', { class: 'err', text: describeError(error) }));
      }
    }
    submit.disabled = false;
    announce(t('bulk.summary', { done, total: ids.length }));
  });
  return form;
}

function pager(route, filters, token, nextToken) {
  const previous = h('button', { type: 'button', class: 'secondary', disabled: !token, text: t('queue.previous') });
  const next = h('button', { type: 'button', class: 'secondary', disabled: !nextToken, text: t('queue.next') });
  previous.addEventListener('click', () => {
    const before = pageStack.pop() ?? '';
    go('queue', null, { ...compact(filters), continuationToken: before });
  });
  next.addEventListener('click', () => {
    pageStack.push(token);
    go('queue', null, { ...compact(filters), continuationToken: nextToken });
  });
  return h('nav', { class: 'pager', 'aria-label': t('queue.paging') }, previous, next);
}

function compact(filters) {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
}
