// Hash routes (#/queue?state=active, #/cases/{id}, #/debtors/{id}, #/dashboard, #/payments): a reload keeps the view
// and its filters, and a link can be shared.

export const views = ['queue', 'cases', 'debtors', 'dashboard', 'payments'];

export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const [view, ...rest] = path.split('/');
  return {
    view: views.includes(view) ? view : 'queue',
    id: rest.length ? decodeURIComponent(rest.join('/')) : null,
    params: new URLSearchParams(search),
  };
}

/** The href of a view: href('cases', 'F-1'), href('queue', null, {state: 'active'}). */
export function href(view, id, params) {
  let result = `#/${view}`;
  if (id) result += `/${encodeURIComponent(id)}`;
  if (params) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== '') search.set(name, value);
    }
    const text = search.toString();
    if (text) result += `?${text}`;
  }
  return result;
}

/** Navigates; the same route again (Filter pressed twice) reloads the view, since no hashchange would fire. */
export function go(view, id, params) {
  const target = href(view, id, params);
  if (location.hash === target) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}
