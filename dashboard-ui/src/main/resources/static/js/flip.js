// FLIP (First, Last, Invert, Play) for list reorders: read every element's position, let the caller change the DOM,
// read again, then animate each moved element from where it was with a transform-only Web Animation. Reads and
// writes are batched (one layout for "first", one for "last"), so a re-render never thrashes layout, and only
// `transform` animates, which the compositor handles without repainting the list.

const running = new WeakMap();

export function prefersReducedMotion(doc) {
  const view = doc?.defaultView;
  return !!view?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}

/**
 * @param elements the elements that may move (those present before `mutate`)
 * @param mutate   changes the DOM (reorders, inserts, removes)
 * @param options  { animate = true, duration = 450, easing }
 */
export function flip(elements, mutate, { animate = true, duration = 450, easing = 'cubic-bezier(.2,.8,.2,1)' } = {}) {
  if (!animate || typeof Element === 'undefined' || !Element.prototype.animate) {
    mutate();
    return;
  }
  // First: where each element is now (including any transform still animating from an earlier move).
  const first = new Map();
  for (const el of elements) first.set(el, el.getBoundingClientRect().top);
  for (const el of elements) running.get(el)?.cancel();
  mutate();
  // Last: where the layout puts them now.
  const moves = [];
  for (const [el, top] of first) {
    if (!el.isConnected) continue;
    const dy = top - el.getBoundingClientRect().top;
    if (Math.abs(dy) >= 1) moves.push([el, dy]);
  }
  // Invert and play.
  for (const [el, dy] of moves) {
    running.set(el, el.animate([{ transform: `translateY(${dy}px)` }, { transform: 'translateY(0)' }], { duration, easing }));
  }
}

/** A short fade-and-slide for elements that just appeared (opacity and transform only). */
export function enter(el, { duration = 350, from = -8 } = {}) {
  if (typeof el.animate !== 'function') return;
  el.animate(
    [{ opacity: 0, transform: `translateY(${from}px)` }, { opacity: 1, transform: 'translateY(0)' }],
    { duration, easing: 'ease-out' },
  );
}

/** Flashes the element's ::after overlay (styled in CSS) by fading its opacity out. */
export function flash(el, { duration = 1200 } = {}) {
  if (typeof el.animate !== 'function') return;
  try {
    el.animate([{ opacity: 1 }, { opacity: 0 }], { duration, easing: 'ease-out', pseudoElement: '::after' });
  } catch {
    // Browsers without pseudo-element animations simply skip the flash.
  }
}
