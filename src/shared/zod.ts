// zod, configured before any schema is built. zod probes `new Function` when an object
// schema is created, to compile fast parsers; the app's CSP (script-src 'self') refuses
// eval and the browser logs a violation even though zod catches it. Every schema module
// imports z from here, so the setting is in place first. Node (the sync server, scripts,
// tests) has no CSP: there the compiled parsers check a push of 500 entries 3× faster.
import { z } from 'zod';

const inNode =
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';
z.config({ jitless: !inNode });

export { z };
