// The case's timeline: history entries, messages and payments merged and sorted by time, each in the chosen language.
import { h } from './dom.js';
import { t, tValue, tOptional, money, date, dateTime } from './i18n.js';

const SYSTEM_ACTORS = ['erp', 'payments', 'system'];

export function actorText(actor) {
  if (!actor) return '';
  return SYSTEM_ACTORS.includes(actor) ? t('actor.by', { actor: tValue('actor', actor) }) : t('actor.staff', { keyId: actor });
}

export function timelineOf(item) {
  const entries = [];
  for (const entry of item.history ?? []) {
    entries.push({ kind: 'history', type: entry.type, at: entry.at, seq: entry.seq, title: tValue('history', entry.type),
      actor: actorText(entry.actor), body: details(entry.details, item.currency) });
  }
  for (const message of item.messages ?? []) {
    entries.push({ kind: 'message', type: message.status, at: message.sentAt, seq: Number.MAX_SAFE_INTEGER,
      title: t('timeline.message', { channel: tValue('channel', message.channel), status: tValue('messageStatus', message.status), step: message.step }),
      actor: t('timeline.to', { to: message.to }), body: messageBody(message) });
  }
  for (const payment of item.payments ?? []) {
    entries.push({ kind: 'payment', type: 'payment', at: payment.paidAt, seq: 0,
      title: t('timeline.payment', { amount: money(payment.amount, payment.currency), applied: money(payment.applied, payment.currency) }),
      actor: t('timeline.paymentId', { id: payment.paymentId }) });
  }
  // Entries without a time (messages not sent yet) come last; ties keep the history's own order.
  return entries.sort((a, b) => (a.at ? Date.parse(a.at) : Infinity) - (b.at ? Date.parse(b.at) : Infinity) || a.seq - b.seq);
}

function details(value, currency) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const pairs = Object.entries(value).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (!pairs.length) return null;
  return h('dl', {}, pairs.flatMap(([key, v]) => [h('dt', { text: tOptional('detail', key) }), h('dd', { text: detailValue(key, v, currency) })]));
}

function detailValue(key, value, currency) {
  if (typeof value === 'number' && ['amount', 'balance', 'overpayment', 'applied', 'reversed'].includes(key)) return money(value, currency);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return date(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return dateTime(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function messageBody(message) {
  if (!message.subject && !message.body) return null;
  return h('details', {},
    h('summary', { text: message.subject || t('timeline.showMessage') }),
    h('pre', { text: message.body ?? '' }));
}
