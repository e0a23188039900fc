// Unit tests run in Node: fake-indexeddb stands in for the browser's IndexedDB and must
// be installed before Dexie is first imported.
import 'fake-indexeddb/auto';
