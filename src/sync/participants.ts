// Adding and removing participants, online. The phone remembers whom it added (while the
// server still lists them): a server restored from a backup may have lost a participant
// added since, and then this phone adds them again as part of its repair (engine.ts).
import { rememberParticipants } from '../db';
import type { ParticipantsResponse } from '../shared/sync-protocol';
import type { Api } from './api';

async function kept(response: ParticipantsResponse, added?: number): Promise<ParticipantsResponse> {
  await rememberParticipants(response.inspectionId, {
    ...(added ? { added } : {}),
    listed: response.participants.filter((p) => !p.creator).map((p) => p.userId),
  });
  return response;
}

export async function addParticipant(api: Api, inspectionId: string, userId: number): Promise<ParticipantsResponse> {
  return kept(await api.addParticipant(inspectionId, userId), userId);
}

export async function removeParticipant(api: Api, inspectionId: string, userId: number): Promise<ParticipantsResponse> {
  return kept(await api.removeParticipant(inspectionId, userId));
}

export async function participantsOf(api: Api, inspectionId: string): Promise<ParticipantsResponse> {
  return kept(await api.participants(inspectionId));
}
