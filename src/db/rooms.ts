import type { VisitKind } from '../shared/checklist';
import type { Computer, RoomVisit } from '../shared/inspection';
import type { XunjianDB } from './database';
import { write } from './connection';
import { newId } from './ids';

async function touch(db: XunjianDB, inspectionId: string): Promise<void> {
  await db.inspections.update(inspectionId, { updatedAt: Date.now() });
}

export async function addRoom(inspectionId: string, kind: VisitKind, name: string): Promise<RoomVisit> {
  return write((db) =>
    db.transaction('rw', db.rooms, db.inspections, async () => {
      const rooms = await db.rooms.where('inspectionId').equals(inspectionId).toArray();
      const order = rooms.reduce((max, r) => Math.max(max, r.order), 0) + 1;
      const room: RoomVisit = { id: newId(), inspectionId, kind, name, order };
      await db.rooms.add(room);
      await touch(db, inspectionId);
      return room;
    }),
  );
}

export async function renameRoom(room: RoomVisit, name: string): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.rooms, db.inspections, async () => {
      await db.rooms.update(room.id, { name });
      await touch(db, room.inspectionId);
    }),
  );
}

/** Swap a room with its live neighbour above (-1) or below (+1). */
export async function moveRoom(room: RoomVisit, direction: -1 | 1): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.rooms, db.inspections, async () => {
      const rooms = (await db.rooms.where('inspectionId').equals(room.inspectionId).toArray())
        .filter((r) => r.removedAt === undefined)
        .sort((a, b) => a.order - b.order);
      const i = rooms.findIndex((r) => r.id === room.id);
      const other = rooms[i + direction];
      const self = rooms[i];
      if (!self || !other) return;
      await db.rooms.update(self.id, { order: other.order });
      await db.rooms.update(other.id, { order: self.order });
      await touch(db, room.inspectionId);
    }),
  );
}

/** Remove a room from the visit; its answers stay so that undo restores everything. */
export async function removeRoom(room: RoomVisit): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.rooms, db.inspections, async () => {
      await db.rooms.update(room.id, { removedAt: Date.now() });
      await touch(db, room.inspectionId);
    }),
  );
}

export async function restoreRoom(room: RoomVisit): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.rooms, db.inspections, async () => {
      await db.rooms
        .where('id')
        .equals(room.id)
        .modify((r) => void delete r.removedAt);
      await touch(db, room.inspectionId);
    }),
  );
}

export type ComputerFields = Pick<Computer, 'assetTag' | 'user' | 'location' | 'classified'>;

export async function addComputer(room: RoomVisit, fields: ComputerFields): Promise<Computer> {
  return write((db) =>
    db.transaction('rw', db.computers, db.inspections, async () => {
      const existing = await db.computers.where('roomId').equals(room.id).toArray();
      const order = existing.reduce((max, c) => Math.max(max, c.order), 0) + 1;
      const computer: Computer = { id: newId(), inspectionId: room.inspectionId, roomId: room.id, order, ...fields };
      await db.computers.add(computer);
      await touch(db, room.inspectionId);
      return computer;
    }),
  );
}

export async function updateComputer(computer: Computer, fields: Partial<ComputerFields>): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.computers, db.inspections, async () => {
      await db.computers.update(computer.id, fields);
      await touch(db, computer.inspectionId);
    }),
  );
}

export async function removeComputer(computer: Computer): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.computers, db.inspections, async () => {
      await db.computers.update(computer.id, { removedAt: Date.now() });
      await touch(db, computer.inspectionId);
    }),
  );
}

export async function restoreComputer(computer: Computer): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.computers, db.inspections, async () => {
      await db.computers
        .where('id')
        .equals(computer.id)
        .modify((c) => void delete c.removedAt);
      await touch(db, computer.inspectionId);
    }),
  );
}
