// Accounts on the office server: npm run admin -- <command> …  (see `npm run admin -- help`).
// Works on the server's database (DATABASE_URL, else the SQLite file in DATA_DIR) directly, so it runs with or without the server up.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config';
import {
  AccountError,
  createOrganisation,
  createUser,
  listDevices,
  resetPassword,
  revokeDevice,
} from '../services/accounts';
import { LoginThrottle, nameKey } from '../services/login-throttle';
import { logSecurityEvent, readSecurityEvents } from '../services/security-log';
import { migrateToLatest } from '../storage/migrate';
import { openStorage } from '../storage/open';
import { Role } from '../../shared/sync-protocol';

const USAGE = `usage: npm run admin -- <command>
  create-org NAME
  create-user --org ORG --name NAME --role inspector|reviewer|admin [--password PASSWORD]
  reset-password --name NAME [--password PASSWORD] [--keep-devices]
                    signs the user's devices out too, unless --keep-devices
  list-devices [--name NAME]
  revoke-device DEVICE_ID
  login-limits      failed logins counted now, per name and per address, and what they hold back
  clear-limit --name NAME | --address ADDRESS
  security-log [--limit N]   the newest security events (logins, failures, revocations, reopenings…)
  restored          after putting a backup back: every phone then sends again what it had confirmed
Without --password the password is asked for (or read from stdin when piped).
The database is DATABASE_URL's when set, else the SQLite file in DATA_DIR (default ./data).`;

/** Ask without echoing what is typed; a piped stdin gives its first line. */
async function askPassword(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stdout.write(prompt);
    // Hide the typed characters: readline writes each one through _writeToOutput.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  }
  const line = await new Promise<string>((resolve) => rl.once('line', resolve));
  rl.close();
  if (process.stdin.isTTY) process.stdout.write('\n');
  return line;
}

/** Who did it, in the security log: whoever runs this on the server, not a signed-in user. */
const BY_CLI = { by: 'admin-cli' };

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      address: { type: 'string' },
      limit: { type: 'string' },
      'keep-devices': { type: 'boolean' },
    },
  });
  const [command, arg] = positionals;
  if (!command || command === 'help') return console.log(USAGE);

  const storage = openStorage(loadConfig());
  try {
    await migrateToLatest(storage.db);
    const db = storage.db;
    const need = (value: string | undefined, what: string): string => {
      if (!value) throw new AccountError(`${command} needs ${what}\n\n${USAGE}`);
      return value;
    };
    switch (command) {
      case 'create-org': {
        const org = await createOrganisation(db, need(arg ?? values.name, 'NAME'));
        await logSecurityEvent(db, { kind: 'organisation-created', orgId: org.id, detail: BY_CLI });
        return console.log(`organisation ${org.id} "${org.name}" created`);
      }
      case 'create-user': {
        const role = Role.safeParse(values.role);
        if (!role.success) throw new AccountError(`--role must be one of ${Role.options.join(', ')}`);
        const name = need(values.name, '--name');
        const organisation = need(values.org, '--org');
        const password = values.password ?? (await askPassword(`password for ${name}: `));
        const user = await createUser(db, { organisation, name, role: role.data, password });
        await logSecurityEvent(db, {
          kind: 'user-created',
          userId: user.id,
          orgId: user.orgId,
          detail: { ...BY_CLI, role: role.data },
        });
        return console.log(`user ${user.id} "${name}" (${role.data}) created in "${organisation}"`);
      }
      case 'reset-password': {
        const name = need(values.name ?? arg, '--name');
        const password = values.password ?? (await askPassword(`new password for ${name}: `));
        const keepDevices = values['keep-devices'] ?? false;
        const { userId, orgId, revoked } = await resetPassword(db, name, password, { keepDevices });
        // A new password: the old one's wrong guesses no longer hold the user back.
        await new LoginThrottle(db).clear({ name: name.trim() });
        await logSecurityEvent(db, {
          kind: 'password-reset',
          userId,
          orgId,
          detail: { ...BY_CLI, revoked, keepDevices },
        });
        return console.log(
          keepDevices
            ? `password of "${name}" changed (devices stay signed in: revoke-device to sign one out)`
            : `password of "${name}" changed; ${revoked} device(s) signed out (they sign in with the new password)`,
        );
      }
      case 'list-devices': {
        for (const d of await listDevices(db, values.name))
          console.log(
            [
              d.id,
              d.user,
              d.label || '-',
              new Date(d.created_at).toISOString(),
              d.revoked_at ? 'revoked' : 'active',
            ].join('\t'),
          );
        return;
      }
      case 'revoke-device': {
        const id = need(arg, 'DEVICE_ID');
        const owner = await revokeDevice(db, id);
        if (!owner) throw new AccountError(`no active device ${id} (list-devices shows them)`);
        await logSecurityEvent(db, { kind: 'device-revoked', ...owner, deviceId: id, detail: BY_CLI });
        return console.log(`device ${id} revoked: its token no longer works`);
      }
      case 'restored': {
        // A new epoch: every phone's cursor then names another data set, so each pulls its
        // scope again and re-sends what it had confirmed (src/server/services/pull-cursor.ts).
        const epoch = globalThis.crypto.randomUUID();
        await db.updateTable('server_state').set({ epoch }).execute();
        await logSecurityEvent(db, { kind: 'restore-announced', detail: { ...BY_CLI, epoch } });
        return console.log(`data set marked as restored (epoch ${epoch}): phones repair with their next sync`);
      }
      case 'login-limits': {
        const limits = await new LoginThrottle(db).list();
        if (!limits.length) return console.log('no failed logins counted');
        // Names are kept hashed (a typed name may be a password): shown when they are a user's.
        const users = await db.selectFrom('users').select('name').execute();
        const byKey = new Map(users.map((u) => [nameKey(u.name), `name ${u.name}`]));
        for (const l of limits)
          console.log(
            [
              byKey.get(l.key) ?? (l.key.startsWith('name:') ? 'a name nobody has' : l.key),
              `${l.failures} failure(s)`,
              `last ${new Date(l.lastFailureAt).toISOString()}`,
              l.retryAfterMs > 0 ? `held back ${Math.ceil(l.retryAfterMs / 1000)} s more` : 'not held back',
            ].join('\t'),
          );
        return;
      }
      case 'clear-limit': {
        if (!values.name === !values.address)
          throw new AccountError(`clear-limit needs --name or --address\n\n${USAGE}`);
        const target = values.name ? { name: values.name } : { address: values.address! };
        const cleared = await new LoginThrottle(db).clear(target);
        await logSecurityEvent(db, { kind: 'throttle-cleared', detail: { ...BY_CLI, ...target } });
        return console.log(cleared ? 'cleared: the next login is checked at once' : 'nothing was counted for it');
      }
      case 'security-log': {
        const limit = values.limit === undefined ? 100 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new AccountError('--limit is a whole number ≥ 1');
        for (const e of await readSecurityEvents(db, { limit }))
          console.log(
            [
              new Date(e.at).toISOString(),
              e.kind,
              e.user ?? '-',
              e.deviceId ?? '-',
              e.address ?? '-',
              JSON.stringify(e.detail),
            ].join('\t'),
          );
        return;
      }
      default:
        throw new AccountError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } finally {
    await storage.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof AccountError ? err.message : err);
  process.exitCode = 1;
});
