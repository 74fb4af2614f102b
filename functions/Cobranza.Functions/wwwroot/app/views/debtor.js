// The debtor page: contact data, balance per currency, and every invoice of the debtor (each a link to its case).
import { h } from '../dom.js';
import { t, money, date, number } from '../i18n.js';
import { api } from '../api.js';
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
    h('ul', { class: 'invoices' }, (debtor.cases ?? []).map(item => h('li', { dataset: { invoiceId: item.invoiceId } },
      h('a', { href: href('cases', item.invoiceId), text: item.invoiceNumber ?? item.invoiceId }), ' ',
      stateText(item), ' ',
      t('debtor.invoiceLine', { balance: money(item.balance, item.currency), amount: money(item.amount, item.currency), due: date(item.dueOn), days: number(daysOverdue(item)) })))));
}

/** GET /api/debtors/{id}: contact data, balances per currency and the debtor's cases. */
function load(debtorId) {
  return api(`/api/debtors/${encodeURIComponent(debtorId)}`);
}
