/**
 * import() of an ES module from code compiled to CommonJS: tsc would turn a
 * literal import() into require(), which cannot load ES modules.
 */
export const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, any>>;
