// The playground's JSON Schema checker (demo/schema-check.js), on its own in node: each keyword
// it supports, errors named by their place in the template's style (`widgets[0].title`), and the
// real schema (schema/sidebar-widgets.schema.json, what the built playground loads) checked with
// it against the templates that schema.test.mjs checks with ajv.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { validate, placeOf } from "../../demo/schema-check.js";
import { REFUSED } from "./refused-templates.mjs";

const errs = (schema, value) => validate(schema, value).map((e) => `${e.place}: ${e.message}`);

test("places read like the template warnings", () => {
  assert.equal(placeOf([]), "");
  assert.equal(placeOf(["widgets", 0, "widgets", 3, "title"]), "widgets[0].widgets[3].title");
  assert.equal(placeOf(["body", "application/json"]), 'body["application/json"]');
  assert.equal(placeOf([0, "a"]), "[0].a");
});

test("type, enum, const, numbers and strings", () => {
  assert.deepEqual(errs({ type: "string" }, 5), [": must be a string, not a number"]);
  assert.deepEqual(errs({ type: ["string", "null"] }, null), []);
  assert.deepEqual(errs({ type: "integer" }, 1.5), [": must be an integer, not a number"]);
  assert.deepEqual(errs({ type: "number" }, 2), []);
  assert.deepEqual(errs({ type: "object" }, []), [": must be an object, not an array"]);
  assert.deepEqual(errs({ enum: ["GET", "POST"] }, "FETCH"), [': must be one of "GET", "POST", not "FETCH"']);
  assert.deepEqual(errs({ const: "wrapper" }, "card"), [': must be "wrapper", not "card"']);
  assert.deepEqual(errs({ minimum: 1, maximum: 10 }, 0), [": must be at least 1, not 0"]);
  assert.deepEqual(errs({ minimum: 1, maximum: 10 }, 11), [": must be at most 10, not 11"]);
  assert.deepEqual(errs({ exclusiveMinimum: 0 }, 0), [": must be more than 0, not 0"]);
  assert.deepEqual(errs({ minLength: 1 }, ""), [": must not be empty"]);
  assert.deepEqual(errs({ minLength: 2 }, "é"), [": must be at least 2 characters long"]);
  assert.deepEqual(errs({ maxLength: 2 }, "😀😀"), [], "code points, not UTF-16 units");
  assert.deepEqual(errs({ pattern: "^#[0-9a-f]{6}$" }, "#12345g"), [': "#12345g" does not match the pattern /^#[0-9a-f]{6}$/']);
  assert.deepEqual(errs({ pattern: "^a$", patternErrorMessage: "Use a." }, "b"), [': "b": Use a.'], "the schema's own words");
  assert.deepEqual(errs({ pattern: "(" }, "x"), [": the schema's pattern /(/ is not a valid regular expression"]);
  assert.deepEqual(errs({ minLength: 3 }, 5), [], "string keywords ignore other types");
});

test("objects: properties, required, additionalProperties", () => {
  const schema = { type: "object", required: ["type"], additionalProperties: false,
    properties: { type: { type: "string" }, title: { type: "string" }, meta: { type: "object", additionalProperties: { type: "string" } } } };
  assert.deepEqual(errs(schema, { type: "card", title: "x" }), []);
  assert.deepEqual(errs(schema, { titel: "x", meta: { color: 5 } }), [
    ': "type" is missing', 'titel: "titel" is not a known key here', "meta.color: must be a string, not a number"]);
});

test("arrays: items, prefixItems, minItems, uniqueItems, contains", () => {
  assert.deepEqual(errs({ items: { type: "number" } }, [1, "2", 3]), ["[1]: must be a number, not a string"]);
  assert.deepEqual(errs({ prefixItems: [{ type: "string" }], items: { type: "number" } }, ["a", 1, "b"]), ["[2]: must be a number, not a string"]);
  assert.deepEqual(errs({ prefixItems: [{ type: "string" }], items: false }, ["a", 1]), ["[1]: at most 1 items are allowed"]);
  assert.deepEqual(errs({ minItems: 1 }, []), [": must not be empty"]);
  assert.deepEqual(errs({ uniqueItems: true }, [{ a: 1, b: 2 }, { b: 2, a: 1 }]), ["[1]: repeats an earlier item"]);
  assert.deepEqual(errs({ contains: { const: 1 } }, [2, 3]), [": has no item of the required shape"]);
});

test("$ref and $defs, recursive, with a JSON pointer and an anchor", () => {
  const schema = {
    $ref: "#/$defs/node",
    $defs: {
      node: { type: "object", properties: { title: { type: "string" }, widgets: { type: "array", items: { $ref: "#/$defs/node" } }, meta: { $ref: "#meta" } } },
      metaDef: { $anchor: "meta", type: "object", properties: { limit: { type: ["integer", "string"] } } },
    },
  };
  assert.deepEqual(errs(schema, { widgets: [{ widgets: [{}, { title: 3 }] }, { meta: { limit: true } }] }),
    ["widgets[0].widgets[1].title: must be a string, not a number", "widgets[1].meta.limit: must be an integer or a string, not a boolean"]);
  assert.deepEqual(errs({ $ref: "#/$defs/missing" }, 1), [': the schema\'s $ref "#/$defs/missing" cannot be resolved here']);
  assert.deepEqual(errs({ $ref: "#" }, 1).length, 1, "a $ref loop is reported, not followed forever");
});

test("anyOf, oneOf, allOf, not, if/then/else", () => {
  // A node is one of several kinds, told apart by their "type" constant.
  const node = { oneOf: [
    { type: "object", required: ["type"], properties: { type: { const: "card" }, title: { type: "string" } }, additionalProperties: false },
    { type: "object", required: ["type", "path"], properties: { type: { const: "list" }, path: { type: "string" } }, additionalProperties: false },
  ] };
  assert.deepEqual(errs(node, { type: "card", title: "x" }), []);
  assert.deepEqual(errs(node, { type: "card", titel: "x" }), ['titel: "titel" is not a known key here'], "the branch the author meant");
  assert.deepEqual(errs(node, { type: "list" }), [': "path" is missing']);
  assert.deepEqual(errs(node, { type: "grid" }), [': matches none of the allowed shapes: type must be "card", not "grid"; or type must be "list", not "grid"']);
  assert.deepEqual(errs({ anyOf: [{ type: "string" }, { type: "number" }] }, true), [": matches none of the allowed shapes: must be a string, not a boolean; or must be a number, not a boolean"]);
  assert.deepEqual(errs({ anyOf: [{ type: "string" }, { type: "number" }] }, 3), []);
  assert.deepEqual(errs({ oneOf: [{ type: "number" }, { type: "integer" }] }, 3), [": matches 2 of the shapes where exactly one is allowed"]);
  assert.deepEqual(errs({ allOf: [{ type: "object" }, { required: ["a", "b"] }] }, { a: 1 }), [': "b" is missing']);
  assert.deepEqual(errs({ not: { const: "javascript:" } }, "javascript:"), [": has a shape that is not allowed here"]);
  const conditional = { if: { properties: { type: { const: "list" } } }, then: { required: ["path"] }, else: { not: { required: ["limit"] } } };
  assert.deepEqual(errs(conditional, { type: "list" }), [': "path" is missing']);
  assert.deepEqual(errs(conditional, { type: "card", limit: 3 }), [": has a shape that is not allowed here"]);
  assert.deepEqual(errs(true, 1), []);
  assert.deepEqual(errs(false, 1), [": nothing is allowed here"]);
});

test("at most 200 errors", () => {
  assert.equal(validate({ items: { type: "string" } }, Array.from({ length: 1000 }, (_, i) => i)).length, 200);
});

test("the real schema meets this checker: the repository's templates pass, each refused one fails where ajv says", async () => {
  const read = (file) => JSON.parse(fs.readFileSync(new URL(`../../${file}`, import.meta.url), "utf8"));
  const schema = read("schema/sidebar-widgets.schema.json");
  const loopReturns = read("demo/loop-returns.json");
  assert.deepEqual(validate(schema, loopReturns), [], "demo/loop-returns.json");
  const { buildStories } = await import("../../demo/stories.js");
  const stories = buildStories({ origin: "http://127.0.0.1:8080", now: Date.parse("2026-11-26T12:00:00Z"), loopReturns });
  for (const s of stories.filter((s) => s.id !== "state-malformed")) assert.deepEqual(validate(schema, s.options), [], s.id);
  const malformed = stories.find((s) => s.id === "state-malformed").options;
  assert.deepEqual(validate(schema, malformed).map((e) => e.place),
    ["widgets[1].template", "widgets[2].template.widgets", "widgets[3].template.widgets[0].widgets[0]"]);
  // ajv's place for each (a JSON Pointer relative to the widget), in the checker's style.
  const place = (pointer) => placeOf(["widgets", 0, ...pointer.split("/").slice(1)
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~")).map((t) => (/^\d+$/.test(t) ? Number(t) : t))]);
  for (const [what, template, pointer] of REFUSED) {
    const errors = validate(schema, { widgets: [{ id: "w", context: "ticket", integration_id: 1, template }] });
    assert.deepEqual(errors.map((e) => e.place), [place(pointer)], `${what}: ${JSON.stringify(errors)}`);
  }
});
