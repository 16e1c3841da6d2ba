import { WebSocket } from 'ws';

export function closeWith(ws: WebSocket, code: number, reason: string) {
  ws.close(code, reason);
}

export const deny = (socket: WebSocket, c: number) => closeWith(socket, c, 'denied');

// Closes a file, not a socket: its code is an fs flag.
export function closeFile(fd: number, code: number) {
  fs.closeSync(fd, code);
}
