// Coalesces renders: however many model changes arrive between two animation frames, the view renders once.

/**
 * Returns `{ schedule, cancel }` for `render`. `cancel` drops a pending frame (a destroyed view must not render
 * into a detached root), whether or not the window can cancel animation frames.
 */
export function frameScheduler(win, render) {
  let pending = null;
  return {
    schedule() {
      if (pending) return;
      const token = {};
      pending = token;
      token.id = win.requestAnimationFrame(() => {
        if (pending !== token) return;
        pending = null;
        render();
      });
    },
    cancel() {
      if (!pending) return;
      win.cancelAnimationFrame?.(pending.id);
      pending = null;
    },
  };
}
