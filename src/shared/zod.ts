// zod, configured before any schema is built. zod probes `new Function` when an object
// schema is created, to compile fast parsers; the app's CSP (script-src 'self') refuses
// eval and the browser logs a violation even though zod catches it. Every schema module
// imports z from here, so the setting is in place first.
import { z } from 'zod';

z.config({ jitless: true });

export { z };
