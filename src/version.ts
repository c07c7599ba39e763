import { readFileSync } from 'node:fs';

/** The toolkit's own version (part of the template name: a new toolkit never reuses an old template). */
export const toolkitVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
