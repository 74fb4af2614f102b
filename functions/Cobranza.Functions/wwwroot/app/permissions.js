// What the signed-in key may do: GET /api/me answers its id, role and the actions ("may") the role allows. The page
// shows only those buttons; the API refuses the others anyway.
import { api } from './api.js';

let me = { keyId: null, role: null, may: [] };

export function may(action) {
  return me.may.includes(action);
}

export function identity() {
  return me;
}

/** Loads the key's identity; throws ApiError 401 when the key is not valid. */
export async function loadIdentity() {
  me = await api('/api/me');
  return me;
}
