// Writes types/sidebar-widgets-schema.d.ts, the TypeScript types of the mount options and of the
// Gorgias template shapes, from the JSON Schema (schema/sidebar-widgets.schema.json): the schema is
// the one source of what an option or a template key is, and these types follow it. The
// hand-written types/sidebar-widgets.d.ts adds only what the schema cannot say (the module, the
// API, the handle, the events) and re-exports these.
//
//   node types/generate.mjs           writes the file
//   node types/generate.mjs --check   exits 1 when the file is not what the schema gives
//
// The generator is json-schema-to-typescript (installed with the end-to-end tools by
// scripts/setup.sh). Before it reads the schema, three mechanical changes, none of them changing
// what the schema accepts:
//   - each definition gets the public name of its type as its `title` (NAMES below);
//   - `{"$ref": X, "description": D}` becomes `{"allOf": [{"$ref": X}], "description": D}`, the
//     same schema in 2020-12, so that the property keeps its comment without a second copy of X;
//   - the root's if/then/else (which shape a file is) becomes the union of the four shapes.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "..");
const require = createRequire(path.join(root, "tests/e2e/package.json"));

/** The schema's definitions, by the names the package exports them under. */
export const NAMES = {
  options: "SidebarOptions",
  messages: "Messages",
  context: "SidebarContext",
  widgets: "Widgets",
  widget: "Widget",
  templateNode: "TemplateNode",
  meta: "NodeMeta",
  custom: "CustomActions",
  customLink: "CustomLink",
  customButton: "CustomButton",
  action: "CustomAction",
  actionBody: "ActionBody",
  actionItems: "ActionItems",
  actionItem: "ActionItem",
  integration: "Integration",
  integrationHttp: "IntegrationHttp",
};

export const SCHEMA = path.join(root, "schema/sidebar-widgets.schema.json");
export const OUTPUT = path.join(here, "sidebar-widgets-schema.d.ts");

const BANNER = `// GENERATED from schema/sidebar-widgets.schema.json by types/generate.mjs: do not edit by hand.
// Change the schema, then run \`node types/generate.mjs\` (tests/e2e/types.test.mjs checks that
// this file is what the schema gives). The mount options and the Gorgias template shapes; the
// package's types (sidebar-widgets.d.ts) re-export them.`;

/** The schema as the generator reads it (see the top of this file). */
export function prepare(schema) {
  const copy = structuredClone(schema);
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    if (typeof out.$ref === "string" && Object.keys(out).length > 1) {
      const { $ref, ...rest } = out;
      return { allOf: [{ $ref }], ...rest };
    }
    return out;
  };
  const defs = {};
  for (const [key, def] of Object.entries(copy.$defs)) {
    const name = NAMES[key];
    if (!name) throw new Error(`schema definition "${key}" has no type name in types/generate.mjs NAMES`);
    defs[key] = { ...walk(def), title: name };
  }
  return {
    title: "TemplateFile",
    description: copy.description,
    anyOf: ["widgets", "widget", "templateNode", "options"].map((k) => ({ $ref: `#/$defs/${k}` })),
    $defs: defs,
  };
}

/** The text of types/sidebar-widgets-schema.d.ts for the schema as it is now. */
export async function generate() {
  const { compile } = require("json-schema-to-typescript");
  const schema = JSON.parse(fs.readFileSync(SCHEMA, "utf8"));
  const text = await compile(prepare(schema), "TemplateFile", {
    bannerComment: BANNER,
    additionalProperties: false,
    unreachableDefinitions: true,
    strictIndexSignatures: true,
    format: true,
    style: { printWidth: 110 },
  });
  return text.replace(/\n\s*\*\s*\n\s*\* This interface was referenced by `TemplateFile`'s JSON-Schema\n\s*\* via the `definition` "\w+"\./g, "")
    .replace(/\/\*\*\n\s*\* This interface was referenced by `TemplateFile`'s JSON-Schema\n\s*\* via the `definition` "\w+"\.\n\s*\*\/\n/g, "");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await generate();
  if (process.argv.includes("--check")) {
    const now = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, "utf8") : "";
    if (now !== text) {
      console.error(`${path.relative(root, OUTPUT)} is not what the schema gives: run node types/generate.mjs`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(OUTPUT, text);
    console.log(`wrote ${path.relative(root, OUTPUT)}`);
  }
}
