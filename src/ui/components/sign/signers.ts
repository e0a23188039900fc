import { validSignatures, type Signature, type SignerRole } from '../../../shared/evidence';
import type { Inspection } from '../../../shared/inspection';

/** A place for one signature: each inspector's, then the unit representative's. */
export interface SignerSlot {
  key: string;
  role: SignerRole;
  name: string;
  title: string;
}

export function signerSlots(inspection: Inspection): SignerSlot[] {
  return [
    ...inspection.inspectors.map((name, i) => ({
      key: `inspector-${i}`,
      role: 'inspector' as const,
      name,
      title: '',
    })),
    {
      key: 'representative',
      role: 'representative' as const,
      name: inspection.representative.name,
      title: inspection.representative.title,
    },
  ];
}

/** The slot's valid signature; the representative's under whatever name they signed. */
export function signatureOf(slot: SignerSlot, signatures: readonly Signature[]): Signature | undefined {
  return (
    validSignatures(signatures).find((s) => s.role === slot.role && s.name === slot.name) ??
    (slot.role === 'representative' ? validSignatures(signatures).find((s) => s.role === slot.role) : undefined)
  );
}

export const roleLabelKey = (role: SignerRole) => (role === 'inspector' ? 'sign.inspector' : 'sign.representative');
