// Bar charts in SVG, drawn by the page itself. Each chart is an image with a title; its numbers are in the table
// beside it, which is what screen readers use.
import { s } from './dom.js';

const WIDTH = 480;
const BAR = 22;
const GAP = 8;
const LABEL = 150;
const VALUE = 110;

/** Horizontal bars: one per {label, value, text} (text is the formatted value shown at the bar's end). */
export function barChart(title, bars) {
  const max = Math.max(0, ...bars.map(bar => bar.value));
  const height = Math.max(1, bars.length) * (BAR + GAP) + GAP;
  const room = WIDTH - LABEL - VALUE;
  const titleId = `chart-${Math.random().toString(36).slice(2, 9)}`;
  return s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': titleId, class: 'bar-chart' },
    s('title', { id: titleId, text: title }),
    s('line', { class: 'axis', x1: LABEL, x2: LABEL, y1: 0, y2: height, stroke: '#4a5560' }),
    bars.map((bar, index) => {
      const y = GAP + index * (BAR + GAP);
      const width = max > 0 ? Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * room) : 0;
      return s('g', {},
        s('text', { x: LABEL - 6, y: y + BAR * 0.7, 'text-anchor': 'end', text: clip(bar.label) }),
        s('rect', { class: 'bar', x: LABEL, y, width: width.toFixed(1), height: BAR, fill: '#0b5cad' }),
        s('text', { x: LABEL + width + 6, y: y + BAR * 0.7, text: bar.text }));
    }));
}

function clip(text) {
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
