/**
 * A response checked against the served OpenAPI document, strictly: every required property present,
 * no property the document does not name, primitives of the documented type and enum. What a client
 * generated from the document (the console's) relies on. Handles the subset the server's document
 * uses: `$ref`, `type` (or a list with "null"), `properties`/`required`, `items`, `enum`/`const`,
 * `anyOf`/`oneOf`, and `additionalProperties` for free-form maps.
 */
type Schema = Record<string, unknown>;

export function contractProblems(doc: Schema, schema: Schema, value: unknown, at = '$'): string[] {
  const constraints = ['$ref', 'anyOf', 'oneOf', 'type', 'properties', 'items', 'enum', 'const'];
  if (!constraints.some((k) => k in schema)) return []; // `{}`: anything (a free-form map's values)
  if (typeof schema.$ref === 'string') return contractProblems(doc, resolve(doc, schema.$ref), value, at);
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) {
    const results = alternatives.map((s) => contractProblems(doc, s, value, at));
    const matched = results.filter((r) => r.length === 0).length;
    if (schema.oneOf && matched > 1) return [`${at}: matches ${matched} of a oneOf (exactly one allowed)`];
    return matched > 0 ? [] : (results.sort((a, b) => a.length - b.length)[0] ?? []);
  }
  const types = schema.type === undefined ? [] : ([] as unknown[]).concat(schema.type);
  if (value === null) return types.length === 0 || types.includes('null') ? [] : [`${at}: null is not documented`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} not in enum`];
  if ('const' in schema && schema.const !== value) return [`${at}: not the documented constant`];
  const kind = Array.isArray(value)
    ? 'array'
    : typeof value === 'number' && Number.isInteger(value)
      ? 'integer'
      : typeof value;
  if (types.length > 0 && !types.includes(kind) && !(kind === 'integer' && types.includes('number')))
    return [`${at}: ${kind}, documented ${types.join('|')}`];
  if (Array.isArray(value))
    return value.flatMap((v, i) =>
      schema.items ? contractProblems(doc, schema.items as Schema, v, `${at}[${i}]`) : [],
    );
  if (typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const extra = schema.additionalProperties;
  const problems = ((schema.required ?? []) as string[]).filter((k) => !(k in o)).map((k) => `${at}.${k}: missing`);
  for (const [k, v] of Object.entries(o)) {
    const documented = properties[k] ?? (typeof extra === 'object' && extra !== null ? (extra as Schema) : null);
    if (documented) problems.push(...contractProblems(doc, documented, v, `${at}.${k}`));
    else if (extra !== true) problems.push(`${at}.${k}: not documented`);
  }
  return problems;
}

function resolve(doc: Schema, ref: string): Schema {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<Schema>((s, part) => s[part] as Schema, doc);
}

/** The documented schema of an operation's response. */
export function responseSchema(doc: Schema, method: string, path: string, status: number): Schema {
  const paths = doc.paths as Record<string, Record<string, Schema>>;
  const responses = paths[path]?.[method]?.responses as Record<string, Schema> | undefined;
  const content = responses?.[String(status)]?.content as Record<string, { schema: Schema }> | undefined;
  const schema = content?.['application/json']?.schema;
  if (!schema) throw new Error(`no documented ${status} JSON for ${method.toUpperCase()} ${path}`);
  return schema;
}
