// Node 20 refuses `import x from "./file.json"` without `with { type: "json" }`,
// which @actions/workflow-parser omits (it targets Node 22): add the attribute.
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.endsWith('.json')) return { ...resolved, importAttributes: { type: 'json' } };
  return resolved;
}
