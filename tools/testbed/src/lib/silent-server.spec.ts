import { connect } from 'node:net';
import { startSilentServer } from './silent-server';

describe('startSilentServer', () => {
  it('accepts a connection and sends nothing', async () => {
    const sut = await startSilentServer();
    const received: Buffer[] = [];
    const socket = connect(sut.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sut.accepted()).toBe(1);
    expect(received).toHaveLength(0);
    socket.destroy();
    await sut.close();
  });
});
