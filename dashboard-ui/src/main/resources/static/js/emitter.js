// A minimal event emitter shared by the client library and the stream models.
// `on` returns the function that removes the listener, so callers never keep the handler around just to remove it.

export class Emitter {
  #listeners = new Map();

  on(event, listener) {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  once(event, listener) {
    const off = this.on(event, (...args) => {
      off();
      listener(...args);
    });
    return off;
  }

  off(event, listener) {
    const set = this.#listeners.get(event);
    if (set) {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(event);
    }
  }

  emit(event, ...args) {
    const set = this.#listeners.get(event);
    if (!set) return false;
    // Copy: a listener may remove itself (once) or others while we iterate.
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (err) {
        // One broken listener must not stop delivery to the others (nor break the socket loop).
        reportListenerError(err);
      }
    }
    return true;
  }

  listenerCount(event) {
    return this.#listeners.get(event)?.size ?? 0;
  }
}

function reportListenerError(err) {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(err);
  else if (typeof console !== 'undefined') console.error(err);
}
