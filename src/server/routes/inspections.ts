// Scope on the wire: the organisation's people (to add a participant), an inspection's
// participants, the office list, and one inspection on demand.
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import {
  AddParticipantRequest,
  InspectionListQuery,
  RecordHistoryQuery,
  SYNC_FORMAT_VERSION,
  type ParticipantsResponse,
  type PeopleResponse,
} from '../../shared/sync-protocol';
import type { Logger } from '../log';
import { inspectionSnapshot, listInspections, recordHistory } from '../services/inspection-list';
import { addParticipant, mayRead, participantsOf, removeParticipant, ScopeError } from '../services/scope';
import type { Schema } from '../storage/schema';
import { describeIssues, readJson, reject } from './respond';
import { requireDevice, type AuthedEnv } from './session';

/** GET /api/people: the organisation's people, to choose a participant from. */
/** An id as the schemas allow one: 1–64 characters, no NUL. */
const isId = (id: string) => id.length >= 1 && id.length <= 64 && !id.includes('\u0000');

export function peopleRoutes(db: Kysely<Schema>) {
  const routes = new Hono<AuthedEnv>();
  routes.use(requireDevice(db));
  routes.get('/', async (c) => {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('org_id', '=', c.var.session.orgId)
      .orderBy('name')
      .execute();
    const people = rows.map((r) => ({ id: Number(r.id), name: r.name, role: r.role }));
    return c.json({ format: SYNC_FORMAT_VERSION, people } satisfies PeopleResponse);
  });
  return routes;
}

/** /api/inspections: the office list, one inspection, its participants. */
export function inspectionRoutes(db: Kysely<Schema>, log: Logger) {
  const routes = new Hono<AuthedEnv>();
  routes.use(requireDevice(db));

  routes.get('/', async (c) => {
    const parsed = InspectionListQuery.safeParse(c.req.query());
    if (!parsed.success) return reject(c, 400, 'malformed', describeIssues(parsed.error));
    return c.json(await listInspections(db, c.var.session, parsed.data));
  });

  routes.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isId(id)) return reject(c, 400, 'malformed', 'not an inspection id');
    const snapshot = await inspectionSnapshot(db, c.var.session, id);
    // Another organisation's, or one the inspector does not take part in: the same answer.
    if (!snapshot) return reject(c, 404, 'not-found', `no inspection ${id} you may read`);
    log('info', 'open-inspection', {
      deviceId: c.var.session.deviceId,
      inspectionId: id,
      records: snapshot.changes.length,
    });
    return c.json(snapshot);
  });

  routes.get('/:id/history', async (c) => {
    const id = c.req.param('id');
    const query = RecordHistoryQuery.safeParse(c.req.query());
    if (!isId(id) || !query.success)
      return reject(c, 400, 'malformed', query.success ? 'not an inspection id' : describeIssues(query.error));
    const history = await recordHistory(db, c.var.session, id, query.data.kind, query.data.record);
    if (!history) return reject(c, 404, 'not-found', `no inspection ${id} you may read`);
    return c.json(history);
  });

  routes.get('/:id/participants', async (c) => {
    const id = c.req.param('id');
    if (!isId(id) || !(await mayRead(db, c.var.session, id)))
      return reject(c, 404, 'not-found', `no inspection ${id} you may read`);
    return c.json(participants(id, await participantsOf(db, id)));
  });

  routes.post('/:id/participants', async (c) => {
    const id = c.req.param('id');
    const parsed = AddParticipantRequest.safeParse(await readJson(c));
    if (!isId(id) || !parsed.success)
      return reject(c, 400, 'malformed', parsed.success ? 'not an inspection id' : describeIssues(parsed.error));
    return scoped(c, async () => {
      await addParticipant(db, c.var.session, id, parsed.data.userId);
      log('info', 'participant-added', { inspectionId: id, userId: parsed.data.userId, by: c.var.session.userId });
      return c.json(participants(id, await participantsOf(db, id)));
    });
  });

  routes.delete('/:id/participants/:userId', async (c) => {
    const id = c.req.param('id');
    const userId = Number(c.req.param('userId'));
    if (!isId(id) || !Number.isSafeInteger(userId) || userId <= 0)
      return reject(c, 400, 'malformed', 'not an inspection id and a user id');
    return scoped(c, async () => {
      await removeParticipant(db, c.var.session, id, userId);
      log('info', 'participant-removed', { inspectionId: id, userId, by: c.var.session.userId });
      return c.json(participants(id, await participantsOf(db, id)));
    });
  });

  return routes;
}

function participants(inspectionId: string, list: ParticipantsResponse['participants']): ParticipantsResponse {
  return { format: SYNC_FORMAT_VERSION, inspectionId, participants: list };
}

/** Carry out a participants change; a refusal becomes its HTTP answer. */
async function scoped(c: Parameters<typeof reject>[0], run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof ScopeError)) throw err;
    const code = err.status === 404 ? 'not-found' : err.status === 403 ? 'forbidden' : 'malformed';
    return reject(c, err.status, code, err.message);
  }
}
