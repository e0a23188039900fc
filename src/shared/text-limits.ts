// The longest text each field may hold. The record schemas (inspection.schema.ts,
// evidence.schema.ts) are built from these, and the forms use the same numbers, so a
// user sees the limit while typing instead of the server refusing the record later
// (a refused note would also leave a signature over it unprovable).
export const TEXT_LIMITS = {
  unit: 200,
  address: 300,
  basis: 300,
  person: 60,
  title: 60,
  roomName: 100,
  assetTag: 60,
  pcUser: 60,
  location: 100,
  value: 500,
  note: 2000,
  problem: 2000,
  measure: 2000,
  owner: 60,
  comment: 2000,
  caption: 200,
  reason: 500,
} as const;

/** The longest list each field may hold: no list of the wire format is unbounded. */
export const LIST_LIMITS = {
  inspectors: 20,
  reopenings: 100,
  voidedSignatures: 50,
} as const;
