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
import { migrateToLatest } from '../storage/migrate';
import { openStorage } from '../storage/open';
import { Role } from '../../shared/sync-protocol';

const USAGE = `usage: npm run admin -- <command>
  create-org NAME
  create-user --org ORG --name NAME --role inspector|reviewer|admin [--password PASSWORD]
  reset-password --name NAME [--password PASSWORD]
  list-devices [--name NAME]
  revoke-device DEVICE_ID
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

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
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
        return console.log(`organisation ${org.id} "${org.name}" created`);
      }
      case 'create-user': {
        const role = Role.safeParse(values.role);
        if (!role.success) throw new AccountError(`--role must be one of ${Role.options.join(', ')}`);
        const name = need(values.name, '--name');
        const organisation = need(values.org, '--org');
        const password = values.password ?? (await askPassword(`password for ${name}: `));
        const user = await createUser(db, { organisation, name, role: role.data, password });
        return console.log(`user ${user.id} "${name}" (${role.data}) created in "${organisation}"`);
      }
      case 'reset-password': {
        const name = need(values.name ?? arg, '--name');
        await resetPassword(db, name, values.password ?? (await askPassword(`new password for ${name}: `)));
        return console.log(`password of "${name}" changed (devices stay logged in: revoke-device to sign one out)`);
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
        if (!(await revokeDevice(db, id))) throw new AccountError(`no active device ${id} (list-devices shows them)`);
        return console.log(`device ${id} revoked: its token no longer works`);
      }
      case 'restored': {
        // A new epoch: every phone's cursor then names another data set, so each pulls its
        // scope again and re-sends what it had confirmed (src/server/services/pull-cursor.ts).
        const epoch = globalThis.crypto.randomUUID();
        await db.updateTable('server_state').set({ epoch }).execute();
        return console.log(`data set marked as restored (epoch ${epoch}): phones repair with their next sync`);
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
