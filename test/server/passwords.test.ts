import { describe, expect, it } from 'vitest';
import { LoginLimiter, MAX_FAILURES, WINDOW_MS } from '../../src/server/services/login-limiter';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../src/server/services/passwords';

describe('passwords', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const [h1, h2] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword('correct horse', h1)).toBe(true);
    expect(await verifyPassword('correct horse', h2)).toBe(true);
    expect(await verifyPassword('correct hors', h1)).toBe(false);
    expect(await verifyPassword('', h1)).toBe(false);
  });

  it('treats composed and decomposed Unicode as the same password', async () => {
    const hash = await hashPassword('caf\u00e9密码');
    expect(await verifyPassword('cafe\u0301密码', hash)).toBe(true);
  });

  it('matches nothing against the dummy hash or a damaged one', async () => {
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
  });
});

describe('login limiter', () => {
  it('blocks an account+address after too many failures, for the rest of the window', () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter(() => now);
    for (let n = 0; n < MAX_FAILURES; n++) {
      expect(limiter.retryAfter('Zhang', '10.0.0.2')).toBe(0);
      limiter.fail('zhang', '10.0.0.2');
      now += 1000;
    }
    expect(limiter.retryAfter('zhang', '10.0.0.2')).toBe(WINDOW_MS - MAX_FAILURES * 1000);
    expect(limiter.retryAfter('zhang', '10.0.0.3')).toBe(0);
    now += WINDOW_MS;
    expect(limiter.retryAfter('zhang', '10.0.0.2')).toBe(0);
  });

  it('forgets failures after a successful login', () => {
    const limiter = new LoginLimiter();
    for (let n = 0; n < MAX_FAILURES - 1; n++) limiter.fail('li', 'a');
    limiter.succeed('li', 'a');
    limiter.fail('li', 'a');
    expect(limiter.retryAfter('li', 'a')).toBe(0);
  });
});
