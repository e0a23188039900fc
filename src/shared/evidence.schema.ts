import { z } from './zod';
import { LIST_LIMITS as LISTS, TEXT_LIMITS as L } from './text-limits';

const Id = z.string().min(1).max(64);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex SHA-256');

export const Photo = z.strictObject({
  id: Id,
  inspectionId: Id,
  roomId: Id,
  computerId: Id.optional(),
  itemId: z.string().min(1),
  attachedTo: z.enum(['item', 'finding']),
  sha256: Sha256,
  bytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mime: z.literal('image/jpeg'),
  capturedAt: z.number(),
  createdAt: z.number(),
  caption: z.string().max(L.caption),
  location: z.strictObject({ lat: z.number(), lon: z.number() }).optional(),
  annotatedFrom: Id.optional(),
  removedAt: z.number().optional(),
});

export const SignerRole = z.enum(['inspector', 'representative']);

export const Signature = z.strictObject({
  id: Id,
  inspectionId: Id,
  role: SignerRole,
  name: z.string().trim().min(1).max(L.person),
  title: z.string().max(L.title),
  signedAt: z.number(),
  /** Content digest of the inspection the signer saw (see src/shared/digest.ts). */
  digest: Sha256,
  /** The signature image (PNG, transparent background) in the blob store. */
  pngSha256: Sha256,
  voidedAt: z.number().optional(),
  /**
   * Stamped by the server when the signature arrives, whatever the phone sent: who
   * captured it (the signed-in user and their device) and when the server received it.
   * The signer's name above is what the signer printed; this is who held the phone.
   */
  captured: z.strictObject({ by: z.string().min(1).max(L.person), deviceId: Id, receivedAt: z.number() }).optional(),
});

export const Reopening = z.strictObject({
  by: z.string().trim().min(1).max(L.person),
  reason: z.string().trim().min(1).max(L.reason),
  at: z.number(),
  /** Stamped by the server when the reopen arrived (the phone's `at` may be from offline, or wrong). */
  receivedAt: z.number().optional(),
  voidedSignatureIds: z.array(Id).max(LISTS.voidedSignatures),
});
