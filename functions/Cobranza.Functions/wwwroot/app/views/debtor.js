// The debtor page: contact data, balance per currency, and every invoice of the debtor (each a link to its case).
import { h } from '../dom.js';
import { t, tValue, money, date, number } from '../i18n.js';
import { api, ApiError, query } from '../api.js';
import { href } from '../router.js';
import { daysOverdue } from '../cases.js';
import { stateText } from './queue.js';

export async function renderDebtor(main, route) {
  const debtor = await load(route.id);
  const contact = (key, value) => h('div', {}, h('dt', { text: t(`debtor.field.${key}`) }), h('dd', { text: value || '—' }));
  main.append(
    h('p', {}, h('a', { href: href('queue'), text: t('case.backToQueue') })),
    h('h1', { text: t('debtor.title', { name: debtor.name ?? debtor.debtorId }) }),
    h('dl', { class: 'case-header' },
      contact('id', debtor.debtorId),
      contact('email', debtor.email),
      contact('phone', debtor.phone),
      contact('language', debtor.language),
      contact('timeZone', debtor.timeZone)),
    h('h2', { text: t('debtor.balances') }),
    h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ['currency', 'balance', 'openCases'].map(c => h('th', { scope: 'col', text: t(`debtor.column.${c}`) })))),
      h('tbody', {}, (debtor.balances ?? []).map(b => h('tr', {},
        h('td', { 'data-label': t('debtor.column.currency'), text: b.currency }),
        h('td', { class: 'num', 'data-label': t('debtor.column.balance'), text: money(b.balance, b.currency) }),
        h('td', { class: 'num', 'data-label': t('debtor.column.openCases'), text: number(b.openCases) }))))),
    h('h2', { text: t('debtor.invoices') }),
    h('ul', {}, (debtor.cases ?? []).map(item => h('li', {},
      h('a', { href: href('cases', item.invoiceId), text: item.invoiceNumber ?? item.invoiceId }), ' ',
      stateText(item), ' ',
      t('debtor.invoiceLine', { balance: money(item.balance, item.currency), amount: money(item.amount, item.currency), due: date(item.dueOn), days: number(daysOverdue(item)) })))));
}

/** GET /api/debtors/{id}; where the server has no such route yet, the same figures from the debtor's cases. */
async function load(debtorId) {
  try {
    return await api(`/api/debtors/${encodeURIComponent(debtorId)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  const cases = [];
  let token = '';
  do {
    const page = await api(`/api/cases${query({ debtorId, pageSize: 500, continuationToken: token })}`);
    cases.push(...page.value);
    token = page.continuationToken ?? '';
  } while (token);
  if (!cases.length) throw new ApiError(404, null);
  const balances = new Map();
  for (const item of cases.filter(c => c.state !== 'closed')) {
    const entry = balances.get(item.currency) ?? { currency: item.currency, balance: 0, openCases: 0 };
    entry.balance += item.balance;
    entry.openCases += 1;
    balances.set(item.currency, entry);
  }
  const { id, name, email, phone, language, timeZone } = cases[0].debtor;
  return { debtorId: id, name, email, phone, language, timeZone, balances: [...balances.values()], cases };
}
