// The wasm's size by part, from `twiggy top --format csv` of a build that kept its function names
// (scripts/size.sh makes it): each function counted under its crate, and under its module for the
// sidebar's own code; generic code instantiated for our types counts under the crate that defines
// it (a tachys view built for our element counts under tachys). Prints a table, largest first.
// Usage: twiggy top -n 1000000 --format csv named.wasm | node scripts/size-breakdown.mjs
import fs from "node:fs";

const csv = fs.readFileSync(0, "utf8").split("\n").slice(1).filter(Boolean);
/** One CSV row: [name, shallow bytes]. Names may be quoted with doubled quotes. */
function row(line) {
  const m = line.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),/);
  if (!m) return null;
  const name = m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1];
  return [name, Number(m[2])];
}
/** The part a function or section belongs to. */
function part(name) {
  if (name.includes("function names")) return "(names: not shipped)";
  if (name.startsWith("data segment")) return "data: strings and tables";
  if (/^(custom section|type\[|table\[|elem\[|import |export |memory\[|global\[)/.test(name)) return "wasm sections, imports, exports";
  if (/^(code|func)\[\d+\]$/.test(name)) return "unnamed functions";
  const path = name.replace(/^(?:[<&\s(]|mut |dyn |const )+/, "").replace(/\[[0-9a-f]{16}\]/g, "");
  const m = path.match(/^([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?(?:::([A-Za-z_][A-Za-z0-9_]*))?/);
  if (!m) return "other";
  const [, crate, a, b] = m;
  if (crate === "sidebar_widgets") {
    // Our modules: engine::render, ui::dom, model::json, api, net...
    const module = a && b && fs.existsSync(new URL(`../src/${a}/${b}.rs`, import.meta.url));
    return "ours: " + (module ? `${a}::${b}` : a || "lib");
  }
  const primitive = /^(?:[iu](?:8|16|32|64|128|size)|f32|f64|bool|str|char)$/.test(crate);
  if (primitive || ["core", "alloc", "std", "__rustc", "compiler_builtins"].includes(crate)) return "Rust std (core, alloc)";
  if (["T", "F", "A", "I", "K", "V"].includes(crate)) return "generic code (std traits)";
  return crate;
}

const sums = new Map();
let total = 0;
for (const line of csv) {
  const r = row(line);
  if (!r || r[0].startsWith("Σ") || r[0].startsWith("...")) continue;
  const k = part(r[0]);
  sums.set(k, (sums.get(k) || 0) + r[1]);
  if (k !== "(names: not shipped)") total += r[1];
}
sums.delete("(names: not shipped)");
const rows = [...sums].sort((a, b) => b[1] - a[1]);
const ours = rows.filter(([k]) => k.startsWith("ours: ")).reduce((s, [, v]) => s + v, 0);
console.log(`${"part of the wasm (raw bytes, names build)".padEnd(44)} ${"bytes".padStart(8)} ${"share".padStart(6)}`);
for (const [k, v] of rows) {
  if (v / total < 0.004) continue;
  console.log(`${k.padEnd(44)} ${String(v).padStart(8)} ${((100 * v) / total).toFixed(1).padStart(5)}%`);
}
const small = rows.filter(([, v]) => v / total < 0.004).reduce((s, [, v]) => s + v, 0);
console.log(`${"everything else (each under 0.4%)".padEnd(44)} ${String(small).padStart(8)} ${((100 * small) / total).toFixed(1).padStart(5)}%`);
console.log(`${"total".padEnd(44)} ${String(total).padStart(8)} 100.0%`);
console.log(`${"of which the sidebar's own code (ours: *)".padEnd(44)} ${String(ours).padStart(8)} ${((100 * ours) / total).toFixed(1).padStart(5)}%`);
