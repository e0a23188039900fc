import { describe, expect, it, vi } from 'vitest';
import { InspectionLockedError, StorageWriteError } from '../../src/db';
import { PhotoUnsupportedError } from '../../src/evidence/photo-errors';
import { describeFailure, save, saveFailure, saveState } from '../../src/ui/state/save-status';

describe('save status', () => {
  it('tells a full device in plain words, with a retry that replays the failed write', async () => {
    // The failure is also logged for support; keep the test output quiet.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    let attempts = 0;
    const write = () => (++attempts === 1 ? Promise.reject(new StorageWriteError('quota')) : Promise.resolve('ok'));
    expect(await save(write)).toBeUndefined();
    const failed = saveFailure();
    expect(failed?.message).toContain('设备存储空间已满');
    expect(failed?.message).toContain('已保存的内容不受影响');
    // Another field saved meanwhile does not hide the failure.
    await save(() => Promise.resolve('other'));
    expect(saveFailure()).toBe(failed);
    failed?.retry();
    await expect.poll(() => saveState().kind).toBe('saved');
    expect(saveFailure()).toBeUndefined();
    expect(attempts).toBe(2);
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });

  it('explains a locked inspection and a schema upgrade in another tab', () => {
    expect(describeFailure(new InspectionLockedError('i1'))).toContain('已签字锁定');
    expect(describeFailure(new StorageWriteError('upgrade'))).toContain('其他标签页');
  });

  it('says in plain words when the browser cannot compress photos at all', () => {
    expect(describeFailure(new PhotoUnsupportedError('no 2d canvas'))).toBe(
      '未保存：此浏览器无法处理照片（不能缩小和压缩图片）。请更新系统或浏览器后重试，或换用其他浏览器。',
    );
  });
});
