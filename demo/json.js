// JSON helpers for the demo page: pretty-printing with highlighting, finding a template node's
// text from its place (`widgets[0].widgets[3]`), and packing the playground state into a URL.

export const pretty = (value) => JSON.stringify(value, null, 2);

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

/** Fills `el` with `text` as highlighted JSON (text nodes and spans only, never HTML). */
export function highlightInto(el, text) {
  el.textContent = "";
  let last = 0;
  const frag = document.createDocumentFragment();
  const span = (cls, t) => {
    const s = document.createElement("span");
    s.className = cls;
    s.textContent = t;
    frag.append(s);
  };
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) frag.append(text.slice(last, m.index));
    if (m[1] && m[2]) {
      span("demo-json-key", m[1]);
      frag.append(m[2]);
    } else if (m[1]) span("demo-json-str", m[1]);
    else if (m[3]) span("demo-json-num", m[3]);
    else span("demo-json-lit", m[4]);
    last = m.index + m[0].length;
  }
  if (last < text.length) frag.append(text.slice(last));
  el.append(frag);
}

/**
 * Parses JSON text keeping where each value starts and ends: `{start, end, keys?, items?}`.
 * Returns null on a syntax error (the caller reports errors with SidebarWidgets.checkJson).
 */
export function parseWithPositions(text) {
  let i = 0;
  const ws = () => { while (i < text.length && " \t\n\r".includes(text[i])) i++; };
  const fail = () => { throw new SyntaxError("bad JSON at " + i); };
  function str() {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (text[i] !== '"') fail();
    i++;
    return JSON.parse(text.slice(start, i));
  }
  function value() {
    ws();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const keys = new Map();
      ws();
      if (text[i] === "}") { i++; return { start, end: i, keys }; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i++] !== ":") fail();
        keys.set(k, value());
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return { start, end: i, keys }; }
        fail();
      }
    }
    if (c === "[") {
      i++;
      const items = [];
      ws();
      if (text[i] === "]") { i++; return { start, end: i, items }; }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return { start, end: i, items }; }
        fail();
      }
    }
    if (c === '"') { str(); return { start, end: i }; }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m[0].length;
    return { start, end: i };
  }
  try {
    const root = value();
    ws();
    return i === text.length ? root : null;
  } catch {
    return null;
  }
}

/** The text range of the template node at `place` ("" is the root), or null. */
export function locatePlace(text, place) {
  const steps = (String(place || "").match(/[^.[\]]+|\[\d+\]/g) || [])
    .map((step) => (step.startsWith("[") ? Number(step.slice(1, -1)) : step));
  return locatePath(text, steps);
}

/** The text range of the value at `path` (keys and array indexes, [] is the root), or null. */
export function locatePath(text, path) {
  let node = parseWithPositions(text);
  for (const step of path) {
    if (!node) return null;
    node = typeof step === "number" ? node.items?.[step] : node.keys?.get(step);
  }
  return node ? { start: node.start, end: node.end } : null;
}

/** 1-based line and column to a text offset. */
export function offsetOf(text, line, column) {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + Math.max(0, column - 1));
}

/** A text offset to 1-based {line, column}. */
export function lineColumnOf(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

const toB64url = (bytes) => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};
const fromB64url = (s) => {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};
const pipe = async (bytes, stream) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());

/**
 * The most a shared state may inflate to. A link of a few hundred kilobytes can inflate to
 * gigabytes (a "deflate bomb"), which would freeze the tab while it is decoded, parsed and put in
 * the editors; real states (a template, its sample data and a context) are far smaller.
 */
export const MAX_STATE_BYTES = 4 * 1024 * 1024;

/**
 * Inflates raw deflate, giving up as soon as the output passes `cap` bytes. The input is fed in
 * small slices, so the browser never inflates more than about a slice's worth beyond the cap
 * (deflate expands at most about 1,000 times).
 */
async function inflateCapped(bytes, cap) {
  const SLICE = 4096;
  let at = 0;
  const input = new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) { controller.close(); return; }
      controller.enqueue(bytes.subarray(at, at + SLICE));
      at += SLICE;
    },
  }, { highWaterMark: 0 });
  const reader = input.pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      reader.cancel().catch(() => {});
      throw new StateTooLarge(cap);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) { out.set(c, off); off += c.length; }
  return out;
}

export class StateTooLarge extends Error {
  constructor(cap) {
    super(`the link's state is larger than ${Math.round(cap / (1024 * 1024))} MB once unpacked`);
    this.name = "StateTooLarge";
  }
}

/** An object -> a URL-safe string ("z" + base64url of raw deflate, or "j" + base64url of JSON). */
export async function packState(obj) {
  const bytes = new TextEncoder().encode(JSON.stringify(obj));
  if (typeof CompressionStream === "function") return "z" + toB64url(await pipe(bytes, new CompressionStream("deflate-raw")));
  return "j" + toB64url(bytes);
}

/**
 * The inverse of packState: `{value}`, or `{error}` (a sentence) when the string is not a state
 * or unpacks to more than `cap` bytes. Never inflates much beyond the cap.
 */
export async function unpackState(s, cap = MAX_STATE_BYTES) {
  if (!s) return { error: "the link has no state" };
  try {
    if (s[0] !== "z" && s[0] !== "j") return { error: "the link's state is not in a known format" };
    // base64 holds 3 bytes in 4 characters: a "j" state longer than the cap is refused unread.
    if (s[0] === "j" && (s.length - 1) * 0.75 > cap) throw new StateTooLarge(cap);
    let bytes = fromB64url(s.slice(1));
    if (s[0] === "z") bytes = await inflateCapped(bytes, cap);
    return { value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch (e) {
    if (e instanceof StateTooLarge) return { error: e.message };
    return { error: "the link's state could not be read" };
  }
}
