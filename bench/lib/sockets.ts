import { io as ioClient, type Socket } from 'socket.io-client';

/** One websocket-only Socket.IO client, resolved once connected. */
export function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const s = ioClient(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => { s.close(); reject(err); });
  });
}
