// What the signed-in key may do: GET /api/me's "may" list. Before /api/me existed the role was found by asking the
// API (a request the role may make answers 404 for a case that cannot exist, one it may not 403), with the README's
// role table giving the actions.
import { api, ApiError } from './api.js';

const COLLECTOR = ['read', 'promise', 'note', 'pause', 'resume', 'escalateNext'];
const SUPERVISOR = [...COLLECTOR, 'escalateHandoff', 'cancel', 'writeOff', 'matchPayment', 'policies'];
const BY_ROLE = { viewer: ['read'], collector: COLLECTOR, supervisor: SUPERVISOR };

let me = { keyId: null, role: null, may: [] };

export function may(action) {
  return me.may.includes(action);
}

export function identity() {
  return me;
}

/** Loads the key's role; throws ApiError 401 when the key is not valid. */
export async function loadIdentity() {
  try {
    me = await api('/api/me');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const role = await probeRole();
    me = { keyId: null, role, may: BY_ROLE[role] };
  }
  return me;
}

async function probeRole() {
  // A blank id is never a case: a role allowed to act gets 404, a lower one 403 (and a bad key 401).
  if (!(await allowed('/api/cases/%20/notes'))) return 'viewer';
  return (await allowed('/api/cases/%20/cancel')) ? 'supervisor' : 'collector';
}

async function allowed(path) {
  try {
    await api(path, { method: 'POST', body: {} });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return false;
    if (error instanceof ApiError && error.status === 404) return true;
    throw error;
  }
}
