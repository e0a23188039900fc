import { describe, expect, it } from 'vitest';
import { unsyncedEvidenceText } from '../../src/ui/components/unsynced-evidence-text';
import { registerLazyMessages } from '../../src/ui/i18n/zh-CN-lazy';

// The storage panel that shows the line registers these strings when it loads.
registerLazyMessages();

describe('the unsynced-evidence line', () => {
  it('counts photos and signatures apart, leaving out what is zero', () => {
    const kb = 1024;
    expect(unsyncedEvidenceText({ count: 3, photos: 2, signatures: 1, bytes: 300 * kb })).toBe(
      '尚未同步的证据：2 张照片、1 个签字，共 300 KB',
    );
    expect(unsyncedEvidenceText({ count: 2, photos: 0, signatures: 2, bytes: 20 * kb })).toBe(
      '尚未同步的证据：2 个签字，共 20 KB',
    );
    expect(unsyncedEvidenceText({ count: 0, photos: 0, signatures: 0, bytes: 0 })).toBe(
      '尚未同步的证据：0 张照片，共 0 B',
    );
  });
});
