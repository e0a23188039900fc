// SIGTERM, as systemd or a container runtime sends it: requests in flight finish, a
// kept-alive connection gets nothing more, and the process exits and says so.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server';

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Everything the server sends on `socket` until it closes the connection. */
function readUntilClosed(socket: Socket): Promise<string> {
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString()));
  return new Promise((resolve) => socket.on('close', () => resolve(data)));
}

/** The first complete response on `socket`. */
function firstResponse(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    const onData = (d: Buffer) => {
      data += d.toString();
      const end = data.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(data);
      if (end >= 0 && length && data.length >= end + 4 + Number(length[1])) {
        socket.off('data', onData);
        resolve(data);
      }
    };
    socket.on('data', onData);
  });
}

describe('shutting down', () => {
  it('finishes the request in flight, closes kept-alive connections, exits and logs it', async () => {
    const server = await startServer({ LOG_LEVEL: 'info' });
    // A phone's kept-alive connection, idle after its first request.
    const idle = await open(server.port);
    const answered = firstResponse(idle);
    idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    expect(await answered).toMatch(/^HTTP\/1\.1 200/);
    const idleClosed = readUntilClosed(idle);
    // Another phone is half-way through sending its request.
    const busy = await open(server.port);
    busy.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');

    const exited = server.kill('SIGTERM');
    // The idle connection is closed with nothing more sent on it.
    expect(await idleClosed).toBe('');
    // The request in flight is answered, and told the connection ends there.
    const rest = readUntilClosed(busy);
    busy.write('Connection: keep-alive\r\n\r\n');
    const reply = await rest;
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    expect(reply).toMatch(/\r\nconnection: close\r\n/i);
    await exited;
    await expect(open(server.port)).rejects.toThrow(/ECONNREFUSED/);
    const logs = server.output();
    expect(logs).toContain('"shutting down"');
    expect(logs).toContain('"shut down"');
  });
});
