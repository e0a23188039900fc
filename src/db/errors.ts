/** Why a write to the device's storage did not happen, in terms the UI can explain. */
export type StorageFailure = 'quota' | 'upgrade' | 'unavailable';

/** The inspection is signed: it changes only through an explicit reopen. */
export class InspectionLockedError extends Error {
  constructor(readonly inspectionId: string) {
    super(`inspection ${inspectionId} is signed and locked`);
    this.name = 'InspectionLockedError';
  }
}

export class StorageWriteError extends Error {
  constructor(
    readonly failure: StorageFailure,
    override readonly cause?: unknown,
  ) {
    super(`storage write failed: ${failure}`);
    this.name = 'StorageWriteError';
  }
}

function names(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  // Dexie wraps the DOMException in `inner`; an aborted transaction hides the quota error there.
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const named = e as { name?: unknown; inner?: unknown; message?: unknown };
    if (typeof named.name === 'string') out.push(named.name);
    if (typeof named.message === 'string' && /quota/i.test(named.message)) out.push('QuotaExceededError');
    e = named.inner;
  }
  return out;
}

export function isQuotaError(err: unknown): boolean {
  return names(err).includes('QuotaExceededError');
}

/** The connection went away (tab backgrounded on iOS, browser storage reset): reopen and retry. */
export function isConnectionLost(err: unknown): boolean {
  return names(err).some((n) => n === 'DatabaseClosedError' || n === 'InvalidStateError' || n === 'UnknownError');
}
