// Test doubles: a scriptable WebSocket and a manual clock. No npm packages needed.

export class FakeClock {
  #now = 0;
  #timers = new Map();
  #nextId = 1;

  now = () => this.#now;

  setTimeout = (fn, ms) => {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (id) => {
    this.#timers.delete(id);
  };

  /** Delays of the timers now pending, soonest first. */
  pending() {
    return [...this.#timers.values()].map((t) => t.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order (timers they schedule fire too if due). */
  advance(ms) {
    const end = this.#now + ms;
    for (;;) {
      let nextId = null;
      let next = null;
      for (const [id, t] of this.#timers) {
        if (t.at <= end && (next === null || t.at < next.at)) {
          next = t;
          nextId = id;
        }
      }
      if (next === null) break;
      this.#timers.delete(nextId);
      this.#now = next.at;
      next.fn();
    }
    this.#now = end;
  }
}

/** A WebSocket the test drives: `server*` methods play the server's part. Instances are recorded in `sockets`. */
export function fakeWebSocketClass() {
  const sockets = [];
  class FakeWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    static sockets = sockets;
    static get last() {
      return sockets[sockets.length - 1];
    }

    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      this.closedByClient = null;
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      sockets.push(this);
    }

    send(text) {
      if (this.readyState !== 1) throw new Error('send while readyState=' + this.readyState);
      this.sent.push(JSON.parse(text));
    }

    close(code = 1000, reason = '') {
      this.closedByClient = { code, reason };
      this.readyState = 3;
    }

    get sentTypes() {
      return this.sent.map((m) => m.type);
    }

    serverOpen(welcome = { connection_id: 'c-' + sockets.length, user_id: null, username: null, heartbeat_ms: 0 }) {
      this.readyState = 1;
      this.onopen?.({});
      if (welcome) this.serverSend({ type: 'welcome', data: welcome });
    }

    serverSend(message) {
      this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
    }

    serverClose(code, reason = '') {
      this.readyState = 3;
      this.onclose?.({ code, reason, wasClean: code !== 1006 });
    }

    /** The connection could not be made (refused, 401 at upgrade, network down): error then close 1006. */
    fail() {
      this.readyState = 3;
      this.onerror?.({});
      this.onclose?.({ code: 1006, reason: '', wasClean: false });
    }
  }
  return FakeWebSocket;
}

/** A random source returning the given values in turn (then the last one forever). */
export function sequenceRandom(...values) {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)];
}
