// The staff actions on a case, as the API defines them, with the permission (from /api/me's "may") each needs.
import { api, newIdempotencyKey } from './api.js';

const reason = { name: 'reason', type: 'textarea', label: 'action.field.reason' };

export const caseActions = [
  { id: 'promise', may: 'promise', path: 'promises', fields: [
    { name: 'promisedOn', type: 'date', required: true, label: 'action.field.promisedOn' },
    { name: 'amount', type: 'number', label: 'action.field.amount' },
    { name: 'note', type: 'textarea', label: 'action.field.note' }] },
  { id: 'pause', may: 'pause', path: 'pause', fields: [reason] },
  { id: 'resume', may: 'resume', path: 'resume', fields: [] },
  { id: 'escalate', may: 'escalateNext', path: 'escalate', fields: [
    { name: 'to', type: 'select', required: true, label: 'action.field.to', options: [
      { value: 'next', may: 'escalateNext' }, { value: 'legal', may: 'escalateHandoff' }, { value: 'agency', may: 'escalateHandoff' }] },
    reason] },
  { id: 'cancel', may: 'cancel', path: 'cancel', fields: [reason], danger: true },
  { id: 'writeOff', may: 'writeOff', path: 'write-off', fields: [reason], danger: true },
  { id: 'note', may: 'note', path: 'notes', fields: [{ name: 'text', type: 'textarea', required: true, label: 'action.field.text' }] },
];

/** The queue's bulk actions: the same calls, with a single date for promises and escalation to the next step only. */
export const bulkActions = [
  { id: 'pause', may: 'pause', path: 'pause', input: 'reason' },
  { id: 'resume', may: 'resume', path: 'resume', input: null },
  { id: 'escalateNext', may: 'escalateNext', path: 'escalate', input: 'reason', fixed: { to: 'next' } },
  { id: 'promise', may: 'promise', path: 'promises', input: 'promisedOn' },
  { id: 'cancel', may: 'cancel', path: 'cancel', input: 'reason' },
  { id: 'writeOff', may: 'writeOff', path: 'write-off', input: 'reason' },
  { id: 'note', may: 'note', path: 'notes', input: 'text' },
];

/** The JSON body of an action from form values: empty optional fields left out, amounts as JSON numbers. */
export function actionBody(values) {
  const body = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '') continue;
    body[name] = name === 'amount' ? Number(value) : value;
  }
  return body;
}

/** Sends one action for one case with its own Idempotency-Key; resolves to the updated case. */
export function runAction(invoiceId, path, body) {
  return api(`/api/cases/${encodeURIComponent(invoiceId)}/${path}`, { method: 'POST', body, idempotencyKey: newIdempotencyKey() });
}
