// Gives the wasm's imports short names (issue 20). wasm-bindgen names each import after the JS it
// calls plus a 16-digit hash (`__wbg_classList_97e966c261669b85`), and its module after the glue
// (`./sidebar-widgets_bg.js`); both are written in the wasm and again as keys in the glue's import
// object, where gzip cannot do much with the hashes. This renames each import, in the wasm's
// import section and as a key in the glue, to a short name (`a`, `b`... `aa`...), and the module
// to `a`. The rest of the wasm is copied byte for byte; the exports keep their names (`init()`
// returns them, `memory` included). The custom sections no browser reads (DROPPED) are left out.
// Run by scripts/build-embed.sh after wasm-opt and esbuild.
//   node scripts/short-imports.mjs dist-embed/sidebar-widgets_bg.wasm dist-embed/sidebar-widgets.js
import fs from "node:fs";

const [wasmPath, jsPath] = process.argv.slice(2);
const wasm = fs.readFileSync(wasmPath);
let js = fs.readFileSync(jsPath, "utf8");

/** Reads an unsigned LEB128 at `at`: [value, next position]. */
function uleb(buf, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}
function writeUleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}
const name = (s) => { const b = Buffer.from(s, "utf8"); return Buffer.concat([writeUleb(b.length), b]); };
/** The n-th short name: a..z, A..Z, then two letters and so on (valid JS identifiers). */
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function short(n) {
  let s = "";
  do { s = LETTERS[n % 52] + s; n = Math.floor(n / 52) - 1; } while (n >= 0);
  return s;
}

/** Custom sections for tools, which no browser reads: who built it, its target features, and a
 *  marker for wasm-split. */
const DROPPED = new Set(["producers", "target_features", "__wasm_split_unstable"]);
/** The name of the custom section whose payload starts at `at`. */
function customName(at) {
  const [len, start] = uleb(wasm, at);
  return wasm.toString("utf8", start, start + len);
}

if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${wasmPath} is not a wasm module`);
const parts = [wasm.subarray(0, 8)];
const renamed = new Map();
let module = null;
for (let at = 8; at < wasm.length;) {
  const id = wasm[at];
  const [size, body] = uleb(wasm, at + 1);
  const end = body + size;
  if (id === 0 && DROPPED.has(customName(body))) {
    at = end;
    continue;
  }
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  let [count, p] = uleb(wasm, body);
  const entries = [writeUleb(count)];
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = uleb(wasm, p);
    const mod = wasm.toString("utf8", p, p + len);
    p += len;
    [len, p] = uleb(wasm, p);
    const field = wasm.toString("utf8", p, p + len);
    p += len;
    // The import's kind and type, copied as they are.
    const descStart = p;
    const kind = wasm[p++];
    if (kind === 0 || kind === 4) {
      if (kind === 4) p++;
      [, p] = uleb(wasm, p);
    } else if (kind === 1 || kind === 2) {
      if (kind === 1) p++;
      const flags = wasm[p++];
      [, p] = uleb(wasm, p);
      if (flags & 1) [, p] = uleb(wasm, p);
    } else if (kind === 3) {
      p += 2;
    } else {
      throw new Error(`import ${mod}.${field}: unknown kind ${kind}`);
    }
    if (module === null) module = mod;
    if (mod !== module) throw new Error(`imports from two modules (${module}, ${mod}): not handled`);
    if (!renamed.has(field)) renamed.set(field, short(renamed.size));
    entries.push(name("a"), name(renamed.get(field)), wasm.subarray(descStart, p));
  }
  if (p !== end) throw new Error("the import section did not read to its end");
  const payload = Buffer.concat(entries);
  parts.push(Buffer.from([2]), writeUleb(payload.length), payload);
  at = end;
}

// The glue: the module's key, then each import's key (each a unique hashed name, replaced whole).
const moduleKey = JSON.stringify(module);
if (!js.includes(moduleKey + ":{")) throw new Error(`the glue has no import object for ${moduleKey}`);
js = js.replace(moduleKey + ":{", "a:{");
for (const [from, to] of renamed) {
  const key = new RegExp(`(?<![\\w$])${from.replace(/\$/g, "\\$")}:`, "g");
  const found = js.match(key)?.length ?? 0;
  if (found !== 1) throw new Error(`the glue names import ${from} ${found} times as a key, not once`);
  js = js.replace(key, `${to}:`);
}
fs.writeFileSync(wasmPath, Buffer.concat(parts));
fs.writeFileSync(jsPath, js);
