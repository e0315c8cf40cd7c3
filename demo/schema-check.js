// A small JSON Schema (draft 2020-12) validator for the playground, with no dependencies: the
// keywords a schema of widgets and integrations uses. Each error names its place in the checked
// value, in the style of the template warnings (`widgets[0].widgets[3].type`; "" is the root).
//
// Supported: type, enum, const, properties, required, additionalProperties, patternProperties,
// propertyNames, minProperties, maxProperties, items, prefixItems, minItems, maxItems,
// uniqueItems, contains, anyOf, oneOf, allOf, not, if/then/else, $ref (local: "#", "#/$defs/x",
// any JSON pointer into the same schema, "#anchor" through $anchor) with $defs, minimum, maximum,
// exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern, and boolean
// schemas, and patternErrorMessage (the schema's own words for a refused pattern). Ignored: format,
// unevaluated*, dependent*, $dynamicRef, remote $refs (an error says so), annotations (title,
// description, default, examples, deprecated...).

const MAX_ERRORS = 200;
const MAX_DEPTH = 256;

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** JSON's type of a value, with "integer" for whole numbers. */
function typeOf(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v; // string, boolean, object
}
const hasType = (v, t) => t === typeOf(v) || (t === "number" && typeOf(v) === "integer");

/** Deep equality of JSON values (object key order does not matter). */
function equal(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
}

/** `["widgets", 0, "title"]` -> `widgets[0].title`; keys that are not plain names are quoted. */
export function placeOf(path) {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(step)) out += (out ? "." : "") + step;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

const show = (v) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + "..." : s;
};

function pointer(root, ref) {
  const parts = ref.slice(2).split("/").map((p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = root;
  for (const p of parts) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, p)) return undefined;
    node = node[p];
  }
  return node;
}

function findAnchor(node, name, seen = new Set()) {
  if (node === null || typeof node !== "object" || seen.has(node)) return undefined;
  seen.add(node);
  if (node.$anchor === name) return node;
  for (const v of Object.values(node)) {
    const found = findAnchor(v, name, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The keys a schema's root describes (its `properties`, through a root `$ref` and `allOf`), so a
 * caller can tell a schema of mount options from one of a single widget or template.
 */
export function topLevelKeys(schema, root = schema, depth = 0) {
  const keys = new Set();
  if (!isObject(schema) || depth > 8) return keys;
  if (isObject(schema.properties)) for (const k of Object.keys(schema.properties)) keys.add(k);
  if (typeof schema.$ref === "string" && schema.$ref.startsWith("#")) {
    const target = schema.$ref === "#" ? undefined : schema.$ref.startsWith("#/") ? pointer(root, schema.$ref) : findAnchor(root, schema.$ref.slice(1));
    for (const k of topLevelKeys(target, root, depth + 1)) keys.add(k);
  }
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) for (const k of topLevelKeys(s, root, depth + 1)) keys.add(k);
  return keys;
}

/** Compiles a schema's regular expressions once; an invalid one is reported, never thrown. */
const regexCache = new Map();
function regex(source) {
  if (!regexCache.has(source)) {
    let re = null;
    try { re = new RegExp(source, "u"); } catch { re = null; }
    regexCache.set(source, re);
  }
  return regexCache.get(source);
}

/**
 * Checks `value` against `schema`. Returns `[{path, place, message}]`, empty when it conforms,
 * at most 200 errors.
 */
export function validate(schema, value) {
  const errors = [];
  check(schema, value, [], { root: schema, depth: 0 }, errors);
  return errors.slice(0, MAX_ERRORS).map((e) => ({ path: e.path, place: placeOf(e.path), message: e.message }));
}

function check(schema, value, path, ctx, out) {
  if (out.length >= MAX_ERRORS) return;
  const err = (message, at = path, kind) => out.push(kind ? { path: at, message, kind } : { path: at, message });
  if (schema === true || schema === undefined) return;
  if (schema === false) { err("nothing is allowed here"); return; }
  if (!isObject(schema)) return;
  if (ctx.depth > MAX_DEPTH) { err("the schema nests too deeply here (a $ref loop?)"); return; }
  const deeper = { ...ctx, depth: ctx.depth + 1 };

  if (typeof schema.$ref === "string") {
    const ref = schema.$ref;
    let target;
    if (ref === "#") target = ctx.root;
    else if (ref.startsWith("#/")) target = pointer(ctx.root, ref);
    else if (ref.startsWith("#")) target = findAnchor(ctx.root, ref.slice(1));
    if (target === undefined) err(`the schema's $ref "${ref}" cannot be resolved here`);
    else check(target, value, path, deeper, out);
  }

  // type, enum, const
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) {
      err(`must be ${types.map((t) => (t === "array" || t === "object" || t === "integer" ? "an " : "a ") + t).join(" or ")}, not ${typeOf(value) === "integer" ? "a number" : typeOf(value) === "array" || typeOf(value) === "object" ? "an " + typeOf(value) : typeOf(value) === "null" ? "null" : "a " + typeOf(value)}`, path, "shape");
      return; // the other keywords would only repeat it
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => equal(e, value))) {
    err(`must be one of ${schema.enum.map(show).join(", ")}, not ${show(value)}`, path, "shape");
  }
  if (Object.hasOwn(schema, "const") && !equal(schema.const, value)) err(`must be ${show(schema.const)}, not ${show(value)}`, path, "shape");

  // numbers
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) err(`must be at least ${schema.minimum}, not ${value}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) err(`must be at most ${schema.maximum}, not ${value}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) err(`must be more than ${schema.exclusiveMinimum}, not ${value}`);
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) err(`must be less than ${schema.exclusiveMaximum}, not ${value}`);
    if (typeof schema.multipleOf === "number" && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) err(`must be a multiple of ${schema.multipleOf}`);
  }

  // strings (lengths in code points, as the specification counts them)
  if (typeof value === "string") {
    const len = [...value].length;
    if (typeof schema.minLength === "number" && len < schema.minLength) {
      err(schema.minLength === 1 ? "must not be empty" : `must be at least ${schema.minLength} characters long`);
    }
    if (typeof schema.maxLength === "number" && len > schema.maxLength) err(`must be at most ${schema.maxLength} characters long`);
    if (typeof schema.pattern === "string") {
      const re = regex(schema.pattern);
      if (!re) err(`the schema's pattern /${schema.pattern}/ is not a valid regular expression`);
      // The schema's own words when it has them (patternErrorMessage, as VS Code shows them).
      else if (!re.test(value)) {
        err(typeof schema.patternErrorMessage === "string"
          ? `${show(value)}: ${schema.patternErrorMessage}`
          : `${show(value)} does not match the pattern /${schema.pattern}/`);
      }
    }
  }

  // arrays
  if (Array.isArray(value)) {
    const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    prefix.forEach((s, i) => { if (i < value.length) check(s, value[i], [...path, i], deeper, out); });
    if (schema.items !== undefined) {
      for (let i = prefix.length; i < value.length; i++) {
        if (schema.items === false) { err(`at most ${prefix.length} items are allowed`, [...path, i]); break; }
        check(schema.items, value[i], [...path, i], deeper, out);
      }
    }
    if (typeof schema.minItems === "number" && value.length < schema.minItems) {
      err(schema.minItems === 1 ? "must not be empty" : `must have at least ${schema.minItems} items`);
    }
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) err(`must have at most ${schema.maxItems} items`);
    if (schema.uniqueItems === true) {
      for (let i = 1; i < value.length; i++) {
        if (value.slice(0, i).some((x) => equal(x, value[i]))) { err("repeats an earlier item", [...path, i]); break; }
      }
    }
    if (schema.contains !== undefined && !value.some((v) => matches(schema.contains, v, deeper))) {
      err("has no item of the required shape");
    }
  }

  // objects
  if (isObject(value)) {
    const props = isObject(schema.properties) ? schema.properties : {};
    const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
    if (Array.isArray(schema.required)) {
      for (const key of schema.required) if (!Object.hasOwn(value, key)) err(`"${key}" is missing`);
    }
    for (const [key, v] of Object.entries(value)) {
      let known = false;
      if (Object.hasOwn(props, key)) { known = true; check(props[key], v, [...path, key], deeper, out); }
      for (const [source, s] of patterns) {
        const re = regex(source);
        if (re && re.test(key)) { known = true; check(s, v, [...path, key], deeper, out); }
      }
      if (!known && schema.additionalProperties !== undefined) {
        if (schema.additionalProperties === false) err(`"${key}" is not a known key here`, [...path, key]);
        else check(schema.additionalProperties, v, [...path, key], deeper, out);
      }
      if (schema.propertyNames !== undefined && !matches(schema.propertyNames, key, deeper)) err(`the key "${key}" is not allowed here`, [...path, key]);
    }
    const n = Object.keys(value).length;
    if (typeof schema.minProperties === "number" && n < schema.minProperties) err(`must have at least ${schema.minProperties} keys`);
    if (typeof schema.maxProperties === "number" && n > schema.maxProperties) err(`must have at most ${schema.maxProperties} keys`);
  }

  // combinations
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf) check(s, value, path, deeper, out);
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf.map((s) => collect(s, value, path, deeper));
    if (!branches.some((b) => b.length === 0)) out.push(...explain(branches, path, value, "none of the allowed shapes"));
  }
  if (Array.isArray(schema.oneOf)) {
    const branches = schema.oneOf.map((s) => collect(s, value, path, deeper));
    const passing = branches.filter((b) => b.length === 0).length;
    if (passing === 0) out.push(...explain(branches, path, value, "none of the allowed shapes"));
    else if (passing > 1) err(`matches ${passing} of the shapes where exactly one is allowed`);
  }
  if (schema.not !== undefined && matches(schema.not, value, deeper)) err("has a shape that is not allowed here");
  if (schema.if !== undefined) {
    const branch = matches(schema.if, value, deeper) ? schema.then : schema.else;
    if (branch !== undefined) check(branch, value, path, deeper, out);
  }
}

function collect(schema, value, path, ctx) {
  const errors = [];
  check(schema, value, path, ctx, errors);
  return errors;
}
const matches = (schema, value, ctx) => collect(schema, value, [], ctx).length === 0;

/**
 * Why a value matched none of anyOf/oneOf's branches. A branch that refused the value's own type
 * or constant (its "type": "card" is another kind of node) says little; of the others, the one
 * with the fewest errors is most likely the shape the author meant, so its errors are shown. When
 * every branch refused the value's kind, one sentence names what was expected.
 */
function explain(branches, path, value, what) {
  const here = placeOf(path);
  // A refusal at the value itself, or at one of its own keys (a discriminating "type" const).
  const refuses = (b) => b.some((e) => e.kind === "shape" && e.path.length <= path.length + 1 && placeOf(e.path.slice(0, path.length)) === here);
  const meant = branches.filter((b) => !refuses(b));
  if (meant.length) return meant.reduce((best, b) => (b.length < best.length ? b : best));
  if (branches.length === 1) return branches[0];
  const firsts = branches.map((b) => b.find((e) => e.kind === "shape"))
    .map((e) => (placeOf(e.path) === here ? "" : placeOf(e.path.slice(path.length)) + " ") + e.message);
  const detail = [...new Set(firsts)].slice(0, 4).join("; or ");
  return [{ path, message: `matches ${what}: ${detail}` }];
}
