import { carriedAnswers } from '../shared/carry-over';
import type { ChecklistTemplate, VisitKind } from '../shared/checklist';
import type { Computer, RoomVisit } from '../shared/inspection';
import { editInspection } from './edit';
import { newId } from './ids';
import type { XunjianDB } from './database';
import { recordChange } from './outbox';

export async function addRoom(inspectionId: string, kind: VisitKind, name: string): Promise<RoomVisit> {
  return editInspection(
    inspectionId,
    (db) => [db.rooms],
    async (db) => {
      const rooms = await db.rooms.where('inspectionId').equals(inspectionId).toArray();
      const order = rooms.reduce((max, r) => Math.max(max, r.order), 0) + 1;
      const room: RoomVisit = { id: newId(), inspectionId, kind, name, order };
      await db.rooms.add(room);
      await recordChange(db, { kind: 'room', record: room });
      return room;
    },
  );
}

export async function renameRoom(room: RoomVisit, name: string): Promise<void> {
  await editInspection(
    room.inspectionId,
    (db) => [db.rooms],
    (db) => changeRoom(db, room.id, (r) => void (r.name = name)),
  );
}

/** Swap a room with its live neighbour above (-1) or below (+1). */
export async function moveRoom(room: RoomVisit, direction: -1 | 1): Promise<void> {
  await editInspection(
    room.inspectionId,
    (db) => [db.rooms],
    async (db) => {
      const rooms = (await db.rooms.where('inspectionId').equals(room.inspectionId).toArray())
        .filter((r) => r.removedAt === undefined)
        .sort((a, b) => a.order - b.order);
      const i = rooms.findIndex((r) => r.id === room.id);
      const self = rooms[i];
      const other = rooms[i + direction];
      if (!self || !other) return;
      const [selfOrder, otherOrder] = [self.order, other.order];
      await changeRoom(db, self.id, (r) => void (r.order = otherOrder));
      await changeRoom(db, other.id, (r) => void (r.order = selfOrder));
    },
  );
}

/** Remove a room from the visit; its answers stay so that undo restores everything. */
export async function removeRoom(room: RoomVisit): Promise<void> {
  await editInspection(
    room.inspectionId,
    (db) => [db.rooms],
    (db) => changeRoom(db, room.id, (r) => void (r.removedAt = Date.now())),
  );
}

export async function restoreRoom(room: RoomVisit): Promise<void> {
  await editInspection(
    room.inspectionId,
    (db) => [db.rooms],
    (db) => changeRoom(db, room.id, (r) => void delete r.removedAt),
  );
}

export type ComputerFields = Pick<Computer, 'assetTag' | 'user' | 'location' | 'classified'>;

/** 同上一台: the PC whose answers a new one starts from, and the inspection's template (which items apply). */
export interface CarryFrom {
  computer: Computer;
  template: ChecklistTemplate;
}

/** Add a PC to an office; with `carry`, its answers are copied (shared/carry-over.ts) in the same transaction. */
export async function addComputer(room: RoomVisit, fields: ComputerFields, carry?: CarryFrom): Promise<Computer> {
  return editInspection(
    room.inspectionId,
    (db) => [db.computers, db.answers],
    async (db) => {
      const existing = await db.computers.where('roomId').equals(room.id).toArray();
      const order = existing.reduce((max, c) => Math.max(max, c.order), 0) + 1;
      const computer: Computer = { id: newId(), inspectionId: room.inspectionId, roomId: room.id, order, ...fields };
      await db.computers.add(computer);
      await recordChange(db, { kind: 'computer', record: computer });
      // The source as stored now: removed meanwhile (another tab, a pull) means nothing to copy.
      const source = carry && existing.find((c) => c.id === carry.computer.id && c.removedAt === undefined);
      if (carry && source) {
        const answers = await db.answers
          .where('[inspectionId+roomId]')
          .equals([room.inspectionId, room.id])
          .filter((a) => a.computerId === source.id)
          .toArray();
        const carried = carriedAnswers(
          carry.template,
          room,
          source,
          computer,
          new Map(answers.map((a) => [a.id, a])),
          Date.now(),
        );
        await db.answers.bulkAdd(carried);
        for (const record of carried) await recordChange(db, { kind: 'answer', record });
      }
      return computer;
    },
  );
}

export async function updateComputer(computer: Computer, fields: Partial<ComputerFields>): Promise<void> {
  await editInspection(
    computer.inspectionId,
    (db) => [db.computers],
    (db) => changeComputer(db, computer.id, (c) => Object.assign(c, fields)),
  );
}

export async function removeComputer(computer: Computer): Promise<void> {
  await editInspection(
    computer.inspectionId,
    (db) => [db.computers],
    (db) => changeComputer(db, computer.id, (c) => void (c.removedAt = Date.now())),
  );
}

export async function restoreComputer(computer: Computer): Promise<void> {
  await editInspection(
    computer.inspectionId,
    (db) => [db.computers],
    (db) => changeComputer(db, computer.id, (c) => void delete c.removedAt),
  );
}

/** Change a stored room and record its new state in the outbox. */
async function changeRoom(db: XunjianDB, id: string, change: (room: RoomVisit) => void): Promise<void> {
  const room = await db.rooms.get(id);
  if (!room) return;
  change(room);
  await db.rooms.put(room);
  await recordChange(db, { kind: 'room', record: room });
}

async function changeComputer(db: XunjianDB, id: string, change: (computer: Computer) => void): Promise<void> {
  const computer = await db.computers.get(id);
  if (!computer) return;
  change(computer);
  await db.computers.put(computer);
  await recordChange(db, { kind: 'computer', record: computer });
}
