// The TypeScript definitions (types/*.d.ts), as a host gets them from the npm package: a folder
// node_modules/sidebar-widgets made by package/make-package.mjs (package.json with its `exports`,
// the .d.ts files, the schema; the bundle itself is not needed to type-check). tsc --strict must
// accept tests/e2e/types/host.ts, which uses all of it, and refuse each misuse in
// tests/e2e/types/misuse.ts with exactly the error marked on its line. Both module resolutions a
// host may use are tried: "bundler" and "nodenext".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makePackage } from "../../package/make-package.mjs";
import { generate, OUTPUT, NAMES } from "../../types/generate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const TSC = path.join(here, "node_modules/typescript/bin/tsc");

let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-types-"));
  makePackage(path.join(dir, "node_modules/sidebar-widgets"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "host", private: true, type: "module" }));
  for (const f of ["host.ts", "misuse.ts"]) fs.copyFileSync(path.join(here, "types", f), path.join(dir, f));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs tsc on `files` with these module settings; returns [{file, line, code, text}]. */
function tsc(files, { module, moduleResolution }) {
  const config = {
    compilerOptions: {
      strict: true, noEmit: true, target: "ES2022", module, moduleResolution, resolveJsonModule: true,
      lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], skipLibCheck: false, noUnusedLocals: false,
    },
    files,
  };
  const name = `tsconfig.${moduleResolution}.${files.join("+")}.json`;
  fs.writeFileSync(path.join(dir, name), JSON.stringify(config));
  let out = "";
  try {
    execFileSync(process.execPath, [TSC, "-p", name, "--pretty", "false"], { cwd: dir, encoding: "utf8" });
  } catch (e) {
    out = String(e.stdout) + String(e.stderr);
  }
  return out.split("\n").filter(Boolean).map((l) => {
    const m = l.match(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/);
    return m ? { file: m[1], line: Number(m[2]), code: m[3], text: m[4] } : { file: "?", line: 0, code: "?", text: l };
  }).filter((d) => d.file !== "?" || d.text.trim());
}

const MODES = [
  { module: "ESNext", moduleResolution: "bundler" },
  { module: "NodeNext", moduleResolution: "nodenext" },
];

for (const mode of MODES) {
  test(`a host that uses every type compiles with --strict (moduleResolution ${mode.moduleResolution})`, () => {
    const diags = tsc(["host.ts"], mode);
    assert.deepEqual(diags.map((d) => `${d.file}:${d.line} ${d.code} ${d.text}`), []);
  });

  test(`each misuse is refused with its own error (moduleResolution ${mode.moduleResolution})`, () => {
    const source = fs.readFileSync(path.join(dir, "misuse.ts"), "utf8").split("\n");
    const expected = source
      .map((l, i) => [i + 1, l.match(/\/\/ @expect (TS\d+)\s*$/)?.[1]])
      .filter(([, code]) => code)
      .map(([line, code]) => `misuse.ts:${line} ${code}`);
    assert.ok(expected.length >= 30, `${expected.length} misuses`);
    const diags = tsc(["misuse.ts"], mode);
    const actual = diags.map((d) => `${d.file}:${d.line} ${d.code}`);
    const explain = diags.map((d) => `  ${d.file}:${d.line} ${d.code} ${d.text}`).join("\n");
    assert.deepEqual(actual, expected, `tsc said:\n${explain}`);
  });
}

// The option and template types are generated from the schema (types/generate.mjs, with
// json-schema-to-typescript): the file in the repository is exactly what the schema gives now.
test("the option and template types are what the JSON Schema gives (regenerating changes nothing)", async () => {
  const fresh = await generate();
  assert.ok(fs.readFileSync(OUTPUT, "utf8") === fresh,
    "types/sidebar-widgets-schema.d.ts is out of date: run node types/generate.mjs");
  for (const name of Object.values(NAMES)) {
    assert.match(fresh, new RegExp(`export (interface|type) ${name}\\b`), `${name} generated`);
  }
});

test("a schema change shows in the generated types (the check above can fail)", async () => {
  const schemaPath = path.join(here, "../../schema/sidebar-widgets.schema.json");
  const original = fs.readFileSync(schemaPath, "utf8");
  const changed = JSON.parse(original);
  changed.$defs.options.properties.zoom = { description: "A test option.", type: "number" };
  const { prepare } = await import("../../types/generate.mjs");
  const { compile } = (await import("module")).createRequire(path.join(here, "package.json"))("json-schema-to-typescript");
  const text = await compile(prepare(changed), "TemplateFile", { bannerComment: "", additionalProperties: false });
  assert.match(text, /zoom\?: number;/);
  assert.doesNotMatch(await generate(), /zoom/);
});
