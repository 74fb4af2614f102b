// Every visible text comes from i18n/{es,en,pt}.json; dates and amounts are formatted by Intl in the chosen locale.

const LOCALES = { es: 'es-MX', en: 'en-US', pt: 'pt-BR' };
const STORAGE_KEY = 'cobranza.language';
let language = 'es';
let texts = {};

export const languages = Object.keys(LOCALES);

export function currentLanguage() {
  return language;
}

export function locale() {
  return LOCALES[language];
}

/** The remembered language (es by default). */
export function preferredLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  return LOCALES[stored] ? stored : 'es';
}

export async function setLanguage(code) {
  const chosen = LOCALES[code] ? code : 'es';
  const response = await fetch(`i18n/${chosen}.json`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`i18n/${chosen}.json: ${response.status}`);
  texts = await response.json();
  language = chosen;
  localStorage.setItem(STORAGE_KEY, chosen);
  document.documentElement.lang = LOCALES[chosen];
}

/** The text for a key, with {name} placeholders filled in. A missing key is reported (the browser tests watch for it). */
export function t(key, params) {
  let text = texts[key];
  if (text === undefined) {
    console.warn(`missing i18n key: ${key}`);
    text = key;
  }
  for (const [name, value] of Object.entries(params ?? {})) {
    text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

/** A value of an enumeration (state, bucket, history type...): its translation, or the raw value if there is none. */
export function tValue(group, value) {
  if (value === null || value === undefined || value === '') return '';
  const key = `${group}.${value}`;
  return key in texts ? texts[key] : t(key);
}

/** Like tValue, but quietly the raw value when there is no translation (detail field names of history entries). */
export function tOptional(group, value) {
  const key = `${group}.${value}`;
  return key in texts ? texts[key] : String(value);
}

/** Fills [data-i18n] (text) and [data-i18n-aria-label] elements of the static page. */
export function translateStatic(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-aria-label]')) element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel));
  document.title = t('app.title');
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return '';
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(amount);
  } catch {
    return `${number(amount)} ${currency ?? ''}`.trim();
  }
}

export function number(value, options) {
  if (value === null || value === undefined) return '';
  return new Intl.NumberFormat(locale(), options).format(value);
}

export function percent(value) {
  return value === null || value === undefined ? '' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** A calendar date (YYYY-MM-DD): shown as that date whatever the browser's time zone. */
export function date(isoDate) {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant (RFC 3339), in the browser's time zone. */
export function dateTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A month (YYYY-MM). */
export function month(isoMonth) {
  if (!isoMonth) return '';
  const [y, m] = isoMonth.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}
