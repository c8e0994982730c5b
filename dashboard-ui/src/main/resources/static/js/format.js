// Formatting shared by the views. Pure functions, plus setText which writes only when the text changed
// (writing the same text still invalidates layout and restarts selection in some browsers).

export const CATEGORIES = Object.freeze([
  { id: 'typing_wpm', label: 'Typing', metric: 'wpm', unit: 'wpm', icon: '⌨️' },
  { id: 'math_accuracy', label: 'Math', metric: 'accuracy', unit: '%', icon: '➗' },
  { id: 'reading_comprehension', label: 'Reading', metric: 'comprehension', unit: '%', icon: '📖' },
  { id: 'piano_score', label: 'Piano', metric: 'score', unit: 'pts', icon: '🎹' },
  { id: 'overall', label: 'Overall', metric: 'points', unit: 'pts', icon: '🏅' },
]);

export const APPS = Object.freeze({
  typing: { label: 'Typing', icon: '⌨️', category: 'typing_wpm' },
  math: { label: 'Math', icon: '➗', category: 'math_accuracy' },
  reading: { label: 'Reading', icon: '📖', category: 'reading_comprehension' },
  piano: { label: 'Piano', icon: '🎹', category: 'piano_score' },
});

export function category(id) {
  return CATEGORIES.find((c) => c.id === id) ?? { id, label: id, metric: 'value', unit: '', icon: '🏆' };
}

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 0 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fixedOne = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Always one decimal, so a live figure keeps its width as it changes (no jitter of what follows it). */
export function formatFixed(value) {
  if (value == null || Number.isNaN(value)) return '–';
  return fixedOne.format(value);
}

export function formatNumber(value, decimals = 1) {
  if (value == null || Number.isNaN(value)) return '–';
  return (decimals === 0 ? integer : oneDecimal).format(value);
}

/** A metric value the way its category shows it: "123.4 wpm", "98.5%", "8,450 pts". */
export function formatMetric(categoryId, value) {
  if (value == null) return '–';
  switch (category(categoryId).metric) {
    case 'wpm':
      return `${formatNumber(value)} wpm`;
    case 'accuracy':
    case 'comprehension':
      return `${formatNumber(value)}%`;
    case 'score':
    case 'points':
      return `${formatNumber(value, 0)} pts`;
    default:
      return formatNumber(value);
  }
}

/** Velocity is the average rank change per session (positive: climbing). */
export function formatVelocity(v) {
  if (!v) return '';
  const sign = v > 0 ? '↗ +' : '↘ −';
  return `${sign}${formatNumber(Math.abs(v))}/session`;
}

export function formatSigned(v, decimals = 1) {
  if (v == null || Number.isNaN(v)) return '';
  if (Math.abs(v) < 0.05) return '±0';
  return (v > 0 ? '+' : '−') + formatNumber(Math.abs(v), decimals);
}

/** "m:ss" or "h:mm:ss". */
export function formatElapsed(ms) {
  if (ms == null || ms < 0) return '–';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "just now", "12s ago", "5m ago", "3h ago", "2d ago". */
export function relativeTime(iso, nowMs) {
  const t = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((nowMs - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function initials(name) {
  const words = String(name ?? '?').trim().split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** A stable hue per user for avatars. */
export function avatarHue(userId) {
  let h = Number(userId) * 2654435761;
  h = (h ^ (h >>> 16)) >>> 0;
  return h % 360;
}

export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
