import { z } from './zod';
import { LIST_LIMITS as LISTS, TEXT_LIMITS as L } from './text-limits';
import { RoomKind } from './checklist.schema';
import { Reopening } from './evidence.schema';
import { RESULTS } from './inspection';

const Result = z.enum(RESULTS);

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const Id = z.string().min(1).max(64);
/** A checklist item's id (the templates' ids are far shorter). */
const ItemId = z.string().min(1).max(100);
/** An answer's or finding's id: its item's place, `room/pc/item` (src/shared/inspection.ts itemKey). */
export const ItemRecordId = z
  .string()
  .min(1)
  .max(64 + 1 + 64 + 1 + 100);

const TemplateRef = z.strictObject({ id: z.string().min(1).max(100), version: z.number().int().positive() });

/** Where the inspector was, so reopening resumes at the same room and item. */
export const Position = z.strictObject({ roomId: Id, itemKey: z.string().optional() });

export const Inspection = z.strictObject({
  id: Id,
  unit: z.string().trim().min(1).max(L.unit),
  address: z.string().max(L.address),
  date: IsoDate,
  basis: z.string().max(L.basis),
  inspectors: z.array(z.string().trim().min(1).max(L.person)).min(1).max(LISTS.inspectors),
  representative: z.strictObject({ name: z.string().max(L.person), title: z.string().max(L.title) }),
  template: TemplateRef,
  createdAt: z.number(),
  updatedAt: z.number(),
  position: Position.optional(),
  /** Keep the GPS position of photos (off by default: a classified room's location is sensitive). */
  keepLocation: z.boolean().optional(),
  /** Each explicit reopening after signatures: who, when, why, which signatures it voided. */
  reopenings: z.array(Reopening).max(LISTS.reopenings).optional(),
});

/** A room (or unit-wide section) walked during one inspection. */
export const RoomVisit = z.strictObject({
  id: Id,
  inspectionId: Id,
  kind: RoomKind.exclude(['computer']),
  name: z.string().trim().min(1).max(L.roomName),
  order: z.number(),
  /** Soft delete, so "remove" can be undone and nothing answered is lost. */
  removedAt: z.number().optional(),
});

/** One PC in an office: the PC checklist repeats for each. */
export const Computer = z.strictObject({
  id: Id,
  inspectionId: Id,
  roomId: Id,
  assetTag: z.string().max(L.assetTag),
  user: z.string().max(L.pcUser),
  location: z.string().max(L.location),
  classified: z.boolean(),
  order: z.number(),
  removedAt: z.number().optional(),
});

export const Answer = z.strictObject({
  id: ItemRecordId,
  inspectionId: Id,
  roomId: Id,
  computerId: Id.optional(),
  itemId: ItemId,
  result: Result.optional(),
  value: z.union([z.string().max(L.value), z.number()]).optional(),
  note: z.string().max(L.note).optional(),
  /**
   * Copied from this computer's answer when the PC was added "同上一台", and not answered
   * since: a copy says less than a check, so the item shows it until the inspector taps.
   */
  carriedFrom: Id.optional(),
  updatedAt: z.number(),
});

/** 整改措施: what will be done, by whom, by when. */
export const Rectification = z.strictObject({
  measure: z.string().max(L.measure),
  owner: z.string().max(L.owner),
  deadline: z.union([IsoDate, z.literal('')]),
});

/**
 * A problem found at an item answered 不符合 or 部分符合. Kept under the same key as
 * its answer; if the answer later turns compliant the finding is kept (inactive), so
 * switching back restores what was written.
 */
export const Finding = z.strictObject({
  id: ItemRecordId,
  inspectionId: Id,
  roomId: Id,
  computerId: Id.optional(),
  itemId: ItemId,
  problem: z.string().max(L.problem),
  rectification: Rectification,
  updatedAt: z.number(),
});

/**
 * The office's verdict on a synced inspection. One per inspection (its id is the
 * inspection's id); a later review replaces it, and the server keeps the order.
 */
export const Review = z.strictObject({
  id: Id,
  inspectionId: Id,
  /** reviewed: accepted as it is; returned: back to the inspectors with a comment. */
  status: z.enum(['reviewed', 'returned']),
  comment: z.string().max(L.comment),
  by: z.string().trim().min(1).max(L.person),
  at: z.number(),
});
