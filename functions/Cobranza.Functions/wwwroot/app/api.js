// The API client: the staff key lives in sessionStorage (gone when the tab closes) and goes in x-functions-key.

const KEY = 'cobranza.staffKey';

export const unauthorizedEvent = 'cobranza:unauthorized';

export function staffKey() {
  return sessionStorage.getItem(KEY);
}

export function setStaffKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function clearStaffKey() {
  sessionStorage.removeItem(KEY);
}

/** A refused or failed call: the HTTP status and the problem+json body (title, detail, errors by field). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

/** A fresh Idempotency-Key, so a retried click never applies an action twice. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

async function send(path, { method = 'GET', body, idempotencyKey, accept = 'application/json' } = {}) {
  const headers = { accept, 'x-functions-key': staffKey() ?? '' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  if (response.status === 401) {
    clearStaffKey();
    window.dispatchEvent(new CustomEvent(unauthorizedEvent));
  }
  if (!response.ok) {
    let problem = null;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** Calls the API and returns the JSON it answers (null for an empty answer). */
export async function api(path, options) {
  const response = await send(path, options);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** A query string from the non-empty values of an object. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Downloads a CSV export. A plain link cannot carry the staff key header, so the file is fetched and saved from a
 * blob URL.
 */
export async function download(path, fileName) {
  const response = await send(path, { accept: 'text/csv' });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
