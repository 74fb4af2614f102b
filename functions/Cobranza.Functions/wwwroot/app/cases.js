// Figures shown for a case that the list may not carry yet (days overdue, aging bucket): derived from its due date.

export const states = ['active', 'promised', 'paused', 'handedOff', 'closed'];
export const buckets = ['current', '1-30', '31-60', '61-90', '91+'];

export function daysOverdue(item, today = new Date()) {
  if (typeof item.daysOverdue === 'number') return item.daysOverdue;
  if (!item.dueOn) return null;
  const [y, m, d] = item.dueOn.split('-').map(Number);
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.max(0, Math.round((todayUtc - Date.UTC(y, m - 1, d)) / 86400000));
}

export function agingBucket(item) {
  if (item.agingBucket) return item.agingBucket;
  const days = daysOverdue(item);
  if (days === null || days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '91+';
}
