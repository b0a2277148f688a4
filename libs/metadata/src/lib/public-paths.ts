/**
 * An absolute path inside a message: a slash after the start, a space, a quote, a
 * bracket or `=`, never one inside a URL (`http://host/x` has `:` or `/` before it).
 */
const ABSOLUTE_PATH = /(^|[\s'"(=[])(\/[^\s'"(),;]*)/g;

/**
 * The public text of a store error's message (error answers, list answers, MCP results):
 * a path in the store becomes store-relative (`state/x.json`), any other absolute path
 * `<path>`, so no machine path leaves the API and every answer names a file alike.
 */
export function withoutMachinePaths(text: string, home: string | null): string {
  const prefix = home ? `${home.replace(/\/+$/, '')}/` : null;
  return text.replace(ABSOLUTE_PATH, (_match, lead: string, path: string) => {
    if (prefix && path.startsWith(prefix) && path.length > prefix.length) return `${lead}${path.slice(prefix.length)}`;
    return `${lead}<path>`;
  });
}
