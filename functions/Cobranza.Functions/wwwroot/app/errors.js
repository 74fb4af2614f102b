// Turns API refusals (problem+json) into text for staff, and puts field errors next to their fields.
import { t } from './i18n.js';
import { ApiError } from './api.js';

export function describeError(error) {
  if (error instanceof ApiError) {
    if (error.status === 403) return t('errors.forbidden');
    if (error.status === 404) return t('errors.notFound');
    if (error.status === 429) return t('errors.tooMany');
    if (error.status === 400) return t('errors.validation');
    if (error.status === 409) return t('errors.conflict', { detail: error.problem?.detail ?? '' });
    if (error.status === 422) return t('errors.unprocessable', { detail: error.problem?.detail ?? '' });
    return error.problem?.detail ?? error.problem?.title ?? t('errors.status', { status: error.status });
  }
  return t('errors.network');
}

/**
 * Shows a refusal on a form: each field error under the control whose name is the field (promisedOn, amount...),
 * the rest in the form's summary; the first control in error gets the focus.
 */
export function showProblem(form, summary, error) {
  clearProblem(form, summary);
  const errors = error instanceof ApiError ? error.problem?.errors ?? {} : {};
  const lines = [];
  let first = null;
  for (const [name, messages] of Object.entries(errors)) {
    const text = `${t('errors.field', { field: fieldLabel(form, name) })} ${[].concat(messages).join(' ')}`;
    const control = form.elements.namedItem(name);
    const slot = control?.id ? form.querySelector(`#${CSS.escape(control.id)}-error`) : null;
    if (slot) {
      slot.textContent = text;
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    }
    lines.push(text);
  }
  summary.hidden = false;
  summary.textContent = lines.length ? `${describeError(error)} ${lines.join(' ')}` : describeError(error);
  (first ?? summary).focus?.();
}

export function clearProblem(form, summary) {
  summary.hidden = true;
  summary.textContent = '';
  for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

function fieldLabel(form, name) {
  const control = form.elements.namedItem(name);
  const label = control?.id ? form.querySelector(`label[for="${CSS.escape(control.id)}"]`) : null;
  return label ? label.textContent : name;
}
