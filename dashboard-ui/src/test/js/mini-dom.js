// A tiny DOM, just enough for the list views (keyed rows, insertBefore, text, classes, dataset). Layout does not
// exist here, so flip() takes its no-animation path; what is tested is structure: order, identity, text.

class Node {
  constructor(doc) {
    this.ownerDocument = doc;
    this.parentNode = null;
    this.childNodes = [];
  }
  get firstChild() { return this.childNodes[0] ?? null; }
  get nextSibling() {
    if (!this.parentNode) return null;
    const s = this.parentNode.childNodes;
    return s[s.indexOf(this) + 1] ?? null;
  }
  get isConnected() {
    let n = this;
    while (n.parentNode) n = n.parentNode;
    return n === this.ownerDocument.body;
  }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(''); }
  set textContent(t) {
    this.childNodes.forEach((c) => { c.parentNode = null; });
    this.childNodes = t === '' ? [] : [new Text(this.ownerDocument, String(t))];
    this.childNodes.forEach((c) => { c.parentNode = this; });
  }
  insertBefore(node, ref) {
    node.remove();
    const i = ref ? this.childNodes.indexOf(ref) : -1;
    if (i < 0) this.childNodes.push(node);
    else this.childNodes.splice(i, 0, node);
    node.parentNode = this;
    return node;
  }
  append(...nodes) { for (const n of nodes) this.insertBefore(typeof n === 'string' ? new Text(this.ownerDocument, n) : n, null); }
  replaceChildren(...nodes) {
    this.childNodes.forEach((c) => { c.parentNode = null; });
    this.childNodes = [];
    this.append(...nodes);
  }
  remove() {
    if (!this.parentNode) return;
    const s = this.parentNode.childNodes;
    s.splice(s.indexOf(this), 1);
    this.parentNode = null;
  }
}

class Text extends Node {
  constructor(doc, text) {
    super(doc);
    this.data = text;
  }
  get textContent() { return this.data; }
  set textContent(t) { this.data = String(t); }
}

class Element extends Node {
  constructor(doc, tag) {
    super(doc);
    this.tagName = tag.toUpperCase();
    this.attributes = new Map();
    this.dataset = {};
    this.hidden = false;
    this.title = '';
    this.className = '';
    const props = new Map();
    this.style = { setProperty: (k, v) => props.set(k, v), getPropertyValue: (k) => props.get(k) ?? '' };
    this.listeners = {};
  }
  get children() { return this.childNodes.filter((c) => c instanceof Element); }
  get classList() {
    const el = this;
    const list = () => el.className.split(/\s+/).filter(Boolean);
    return {
      contains: (c) => list().includes(c),
      add: (c) => { if (!list().includes(c)) el.className = [...list(), c].join(' '); },
      remove: (c) => { el.className = list().filter((x) => x !== c).join(' '); },
      toggle: (c, on) => {
        const has = list().includes(c);
        const want = on === undefined ? !has : !!on;
        if (want && !has) el.className = [...list(), c].join(' ');
        if (!want && has) el.className = list().filter((x) => x !== c).join(' ');
        return want;
      },
    };
  }
  setAttribute(k, v) { this.attributes.set(k, String(v)); }
  getAttribute(k) { return this.attributes.get(k) ?? null; }
  addEventListener(type, fn) { (this.listeners[type] ??= []).push(fn); }
  querySelector(sel) { return this.querySelectorAll(sel)[0] ?? null; }
  querySelectorAll(sel) {
    // Only ".class" selectors, enough for the tests.
    const cls = sel.replace(/^\./, '');
    const out = [];
    const walk = (n) => n.children.forEach((c) => { if (c.classList.contains(cls)) out.push(c); walk(c); });
    walk(this);
    return out;
  }
}

export function miniDocument() {
  const frames = [];
  const doc = {
    createElement: (tag) => new Element(doc, tag),
    createTextNode: (t) => new Text(doc, t),
    defaultView: {
      matchMedia: () => ({ matches: false }),
      requestAnimationFrame: (fn) => frames.push(fn),
      setInterval: () => 0,
      clearInterval: () => {},
    },
  };
  doc.body = new Element(doc, 'body');
  /** Runs the queued animation frames (renders). */
  doc.flushFrames = () => {
    while (frames.length) frames.shift()();
  };
  return doc;
}
