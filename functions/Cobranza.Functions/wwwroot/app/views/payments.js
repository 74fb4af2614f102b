// Unmatched payments (supervisors): each can be matched to an invoice.
import { h, field } from '../dom.js';
import { t, money, dateTime } from '../i18n.js';
import { api, newIdempotencyKey } from '../api.js';
import { showProblem, clearProblem } from '../errors.js';
import { announce } from '../status.js';

export async function renderPayments(main) {
  const page = await api('/api/payments/unmatched');
  const payments = page.value ?? [];
  main.append(h('h1', { text: t('payments.title') }));
  if (!payments.length) {
    main.append(h('p', { class: 'notice', text: t('payments.empty') }));
    return;
  }
  const columns = ['paymentId', 'invoiceId', 'amount', 'paidAt', 'match'];
  main.append(h('table', { class: 'cards' },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', text: t(`payments.column.${c}`) })))),
    h('tbody', {}, payments.map(payment => h('tr', {},
      h('td', { 'data-label': t('payments.column.paymentId'), text: payment.paymentId }),
      h('td', { 'data-label': t('payments.column.invoiceId'), text: payment.invoiceId }),
      h('td', { class: 'num', 'data-label': t('payments.column.amount'), text: money(payment.amount, payment.currency) }),
      h('td', { 'data-label': t('payments.column.paidAt'), text: dateTime(payment.paidAt) }),
      h('td', { 'data-label': t('payments.column.match') }, matchForm(payment)))))));
}

function matchForm(payment) {
  const input = h('input', { type: 'text', name: 'invoiceId', required: true, maxlength: '64' });
  const summary = h('p', { class: 'problem', role: 'alert', tabindex: '-1', hidden: true });
  const form = h('form', { class: 'toolbar' }, field(t('payments.invoice'), input), h('button', { type: 'submit', text: t('payments.matchButton') }), summary);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearProblem(form, summary);
    try {
      await api(`/api/payments/unmatched/${encodeURIComponent(payment.paymentId)}/match`,
        { method: 'POST', body: { invoiceId: input.value.trim() }, idempotencyKey: newIdempotencyKey() });
      form.replaceChildren(h('span', { class: 'ok', text: t('payments.matched', { invoice: input.value.trim() }) }));
      announce(t('payments.matched', { invoice: input.value.trim() }));
    } catch (error) {
      showProblem(form, summary, error);
    }
  });
  return form;
}
