// The portfolio dashboard: every block of GET /api/dashboard as a bar chart with its numbers in a table beside it,
// and each table as CSV.
import { h } from '../dom.js';
import { t, tValue, money, number, percent, month, dateTime } from '../i18n.js';
import { api, download } from '../api.js';
import { barChart } from '../charts.js';
import { buckets } from '../cases.js';
import { describeError } from '../errors.js';
import { announce } from '../status.js';

export async function renderDashboard(main) {
  const data = await api('/api/dashboard');
  main.append(
    h('h1', { text: t('dashboard.title') }),
    h('p', { text: t('dashboard.asOf', { at: dateTime(data.asOf) }) }),
    h('div', { class: 'dashboard' },
      ...openBalance(data.openBalanceByAging ?? []),
      casesByState(data.casesByState ?? []),
      recovery(data.recoveryByMonth ?? []),
      promises(data.promises ?? {}),
      messages(data.messages ?? []),
      handoffs(data.handoffs ?? []),
      delinquency(data)));
}

/** A block: title, chart, table (with raw values in data-value for exact reading) and its CSV link. */
function block(id, title, chart, columns, rows, csvTable) {
  const table = h('table', { class: 'cards', dataset: { table: id } },
    h('caption', { class: 'visually-hidden', text: title }),
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null, text: t(c.label) })))),
    h('tbody', {}, rows.map(row => h('tr', { dataset: row.key ? { key: row.key } : {} }, columns.map((c, i) =>
      h('td', { class: c.num ? 'num' : null, 'data-label': t(c.label), dataset: { column: c.name, ...(row.raw?.[i] !== undefined ? { value: String(row.raw[i]) } : {}) }, text: row.cells[i] }))))));
  const csv = csvTable
    ? h('button', { type: 'button', class: 'secondary', text: t('dashboard.csv'),
      onclick: () => download(`/api/dashboard?format=csv&table=${csvTable}`, `${csvTable}.csv`).catch(error => announce(describeError(error))) })
    : null;
  return h('section', { class: 'block', dataset: { block: id }, 'aria-labelledby': `block-${id}` },
    h('h2', { id: `block-${id}`, text: title }),
    rows.length
      ? h('div', { class: 'block-body' }, h('div', { class: 'chart' }, chart), h('div', {}, table, csv))
      : h('p', { class: 'notice', text: t('dashboard.noData') }));
}

function openBalance(rows) {
  const currencies = [...new Set(rows.map(r => r.currency))].sort();
  if (!currencies.length) currencies.push(null);
  return currencies.map(currency => {
    const mine = rows.filter(r => r.currency === currency);
    const ordered = buckets.map(bucket => mine.find(r => r.bucket === bucket) ?? { currency, bucket, balance: 0, cases: 0 });
    const title = currency ? t('dashboard.openBalance', { currency }) : t('dashboard.openBalanceEmpty');
    return block(`openBalanceByAging-${currency ?? 'none'}`, title,
      barChart(title, ordered.map(r => ({ label: tValue('bucket', r.bucket), value: r.balance, text: currency ? money(r.balance, currency) : number(r.balance) }))),
      [{ name: 'bucket', label: 'dashboard.column.bucket' }, { name: 'balance', label: 'dashboard.column.balance', num: true }, { name: 'cases', label: 'dashboard.column.cases', num: true }],
      ordered.map(r => ({ key: r.bucket, cells: [tValue('bucket', r.bucket), currency ? money(r.balance, currency) : number(r.balance), number(r.cases)], raw: [r.bucket, r.balance, r.cases] })),
      'openBalanceByAging');
  });
}

function casesByState(rows) {
  const title = t('dashboard.casesByState');
  return block('casesByState', title,
    barChart(title, rows.map(r => ({ label: tValue('state', r.state), value: r.count, text: number(r.count) }))),
    [{ name: 'state', label: 'dashboard.column.state' }, { name: 'count', label: 'dashboard.column.cases', num: true }],
    rows.map(r => ({ key: r.state, cells: [tValue('state', r.state), number(r.count)], raw: [r.state, r.count] })),
    'casesByState');
}

function recovery(rows) {
  const title = t('dashboard.recovery');
  return block('recoveryByMonth', title,
    barChart(title, rows.map(r => ({ label: `${month(r.month)} ${r.currency}`, value: r.rate ?? 0, text: percent(r.rate) }))),
    [{ name: 'month', label: 'dashboard.column.month' }, { name: 'currency', label: 'dashboard.column.currency' },
      { name: 'opened', label: 'dashboard.column.opened', num: true }, { name: 'collected', label: 'dashboard.column.collected', num: true },
      { name: 'rate', label: 'dashboard.column.rate', num: true }],
    rows.map(r => ({ key: `${r.month}|${r.currency}`, cells: [month(r.month), r.currency, money(r.opened, r.currency), money(r.collected, r.currency), percent(r.rate)],
      raw: [r.month, r.currency, r.opened, r.collected, r.rate] })),
    'recoveryByMonth');
}

function promises(p) {
  const title = t('dashboard.promises');
  const rows = ['kept', 'broken', 'open'].map(kind => ({ kind, count: p[kind] ?? 0 }));
  return block('promises', title,
    barChart(title, rows.map(r => ({ label: tValue('promiseOutcome', r.kind), value: r.count, text: number(r.count) }))),
    [{ name: 'outcome', label: 'dashboard.column.outcome' }, { name: 'count', label: 'dashboard.column.count', num: true }],
    rows.map(r => ({ key: r.kind, cells: [tValue('promiseOutcome', r.kind), number(r.count)], raw: [r.kind, r.count] })),
    'promises');
}

function messages(rows) {
  const title = t('dashboard.messages');
  const label = r => `${tValue('channel', r.channel)} · ${tValue('messageStatus', r.status)}`;
  return block('messages', title,
    barChart(title, rows.map(r => ({ label: label(r), value: r.count, text: number(r.count) }))),
    [{ name: 'channel', label: 'dashboard.column.channel' }, { name: 'status', label: 'dashboard.column.status' }, { name: 'count', label: 'dashboard.column.count', num: true }],
    rows.map(r => ({ key: `${r.channel}|${r.status}`, cells: [tValue('channel', r.channel), tValue('messageStatus', r.status), number(r.count)], raw: [r.channel, r.status, r.count] })),
    'messages');
}

function handoffs(rows) {
  const title = t('dashboard.handoffs');
  return block('handoffs', title,
    barChart(title, rows.map(r => ({ label: tValue('handoff', r.to), value: r.count, text: number(r.count) }))),
    [{ name: 'to', label: 'dashboard.column.to' }, { name: 'count', label: 'dashboard.column.count', num: true }],
    rows.map(r => ({ key: r.to, cells: [tValue('handoff', r.to), number(r.count)], raw: [r.to, r.count] })),
    'handoffs');
}

function delinquency(data) {
  const dso = data.dso ?? { available: false };
  return h('section', { class: 'block', dataset: { block: 'delinquency' }, 'aria-labelledby': 'block-delinquency' },
    h('h2', { id: 'block-delinquency', text: t('dashboard.delinquency') }),
    h('p', {}, h('span', { text: t('dashboard.averageDaysDelinquent') }), ' ',
      h('span', { class: 'big-number', dataset: { value: String(data.averageDaysDelinquent ?? '') }, text: number(data.averageDaysDelinquent, { maximumFractionDigits: 1 }) })),
    h('p', { dataset: { dso: dso.available ? 'available' : 'unavailable' } },
      h('strong', { text: t('dashboard.dso') }), ' ',
      dso.available ? number(dso.value, { maximumFractionDigits: 1 }) : t('dashboard.dsoUnavailable', { reason: dso.reason ?? '' })));
}
