import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The zod every runtime schema uses: `zod/mini`, the functional, tree-shakeable build of zod 4
 * (a handler bundle carries only the schema kinds and checks it uses: about 30 KB instead of the
 * 440 KB of classic `zod`, whose method-chaining API keeps every schema kind, JSON Schema and all
 * locales). Synth-time code (`infra/config.ts`) keeps classic `zod`.
 *
 * Mini loads no locale, so its messages would all read "Invalid input"; the English one is
 * installed here, once, so users see the same messages as with classic zod
 * ("Too small: expected string to have >=1 characters"). Import it as
 * `import * as z from '…/shared/zod'`, never `zod` or `zod/mini` directly: the locale is then always
 * in place before a schema parses, and a namespace import whose members are only read lets esbuild
 * keep just the members used (`import { z }` of a re-exported namespace would keep all of zod/mini,
 * every locale included).
 */
config(en());

export * from 'zod/mini';
