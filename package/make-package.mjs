// Writes the npm package's own files into a bundle folder (scripts/build-embed.sh calls it with
// dist-embed/): package.json (name sidebar-widgets, the crate's version from Cargo.toml), the
// TypeScript definitions from types/, the JSON Schema from schema/ and the package's README.md.
// The bundle itself (sidebar-widgets.js, sidebar-widgets_bg.wasm, sidebar.css,
// sidebar-widgets-element.js) is put there by build-embed.sh. `npm pack <folder>` then gives the
// tarball. The types test calls it too, on a folder without the bundle (TypeScript needs only the
// .d.ts files and package.json).
//
// Usage: node package/make-package.mjs <out dir>
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** `key = "value"` of Cargo.toml's [package] table. */
function cargoPackage(key) {
  const toml = fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  const section = toml.split(/^\[/m).find((s) => s.startsWith("package]"));
  const m = section && section.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m"));
  if (!m) throw new Error(`Cargo.toml has no [package] ${key}`);
  return m[1];
}

export const FILES = {
  js: "sidebar-widgets.js",
  wasm: "sidebar-widgets_bg.wasm",
  css: "sidebar.css",
  element: "sidebar-widgets-element.js",
  types: "sidebar-widgets.d.ts",
  schemaTypes: "sidebar-widgets-schema.d.ts",
  elementTypes: "sidebar-widgets-element.d.ts",
  schema: "sidebar-widgets.schema.json",
  // The visual editor (issue 18): its own bundle, loaded only where widgets are edited.
  editor: "sidebar-widgets-editor.js",
  editorWasm: "sidebar-widgets-editor_bg.wasm",
  editorCss: "sidebar-widgets-editor.css",
  editorTypes: "sidebar-widgets-editor.d.ts",
};

export function packageJson() {
  return {
    name: "sidebar-widgets",
    version: cargoPackage("version"),
    description: cargoPackage("description"),
    license: cargoPackage("license"),
    keywords: ["helpdesk", "sidebar", "gorgias", "widgets", "webassembly", "custom-element"],
    type: "module",
    main: `./${FILES.js}`,
    types: `./${FILES.types}`,
    exports: {
      ".": { types: `./${FILES.types}`, default: `./${FILES.js}` },
      "./element": { types: `./${FILES.elementTypes}`, default: `./${FILES.element}` },
      "./editor": { types: `./${FILES.editorTypes}`, default: `./${FILES.editor}` },
      "./editor.css": `./${FILES.editorCss}`,
      "./sidebar-widgets-editor_bg.wasm": `./${FILES.editorWasm}`,
      "./sidebar.css": `./${FILES.css}`,
      "./sidebar-widgets_bg.wasm": `./${FILES.wasm}`,
      "./schema": `./${FILES.schema}`,
      "./package.json": "./package.json",
    },
    // Importing the element module defines <sidebar-widgets>; importing the CSS applies it.
    sideEffects: [`./${FILES.element}`, `./${FILES.css}`],
    files: [...Object.values(FILES), "README.md"],
  };
}

export function makePackage(out) {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "package.json"), JSON.stringify(packageJson(), null, 2) + "\n");
  fs.copyFileSync(path.join(ROOT, "types", FILES.types), path.join(out, FILES.types));
  fs.copyFileSync(path.join(ROOT, "types", FILES.elementTypes), path.join(out, FILES.elementTypes));
  fs.copyFileSync(path.join(ROOT, "types", FILES.schemaTypes), path.join(out, FILES.schemaTypes));
  fs.copyFileSync(path.join(ROOT, "types", FILES.editorTypes), path.join(out, FILES.editorTypes));
  fs.copyFileSync(path.join(ROOT, "schema", FILES.schema), path.join(out, FILES.schema));
  fs.copyFileSync(path.join(ROOT, "package", "README.md"), path.join(out, "README.md"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: node package/make-package.mjs <out dir>");
    process.exit(2);
  }
  makePackage(path.resolve(out));
}
