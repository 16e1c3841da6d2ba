// Chat server on Node `ws`: rooms, auth tokens, heartbeats and a clean shutdown.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { verifyToken } from './auth.js';

const PORT = Number(process.env.PORT ?? 8080);
const HEARTBEAT_MS = 30_000;
const MAX_MESSAGE_BYTES = 16 * 1024;

// Application close codes live in the private-use range 4000-4999:
// 4001 token expired, 4003 kicked, 4401 unauthorized.
const CLOSE_KICKED = 4003;

const rooms = new Map();

const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200).end('ok');
    return;
  }
  res.writeHead(404).end();
});

const wss = new WebSocketServer({ server, maxPayload: MAX_MESSAGE_BYTES });

function join(room, ws) {
  if (!rooms.has(room)) rooms.set(room, new Set());
  rooms.get(room).add(ws);
}

function leave(room, ws) {
  const members = rooms.get(room);
  if (!members) return;
  members.delete(ws);
  if (members.size === 0) rooms.delete(room);
}

function broadcast(room, payload) {
  for (const member of rooms.get(room) ?? []) {
    if (member.readyState === member.OPEN) member.send(payload);
  }
}

wss.on('connection', (ws, request) => {
  const url = new URL(request.url, `http://${request.headers.host}`);
  const session = verifyToken(url.searchParams.get('token'));
  if (!session) {
    ws.close(4401, 'unauthorized');
    return;
  }

  const room = url.searchParams.get('room') ?? 'lobby';
  ws.isAlive = true;
  join(room, ws);

  ws.on('pong', () => {
    ws.isAlive = true;
  });

  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'text messages only');
      return;
    }
    if (session.expiresAt < Date.now()) {
      ws.close(
        4001,
        'Your session has expired because you were inactive for more than thirty minutes. Please refresh the page and sign in again to keep chatting.',
      );
      return;
    }

    let msg;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      ws.close(1007, 'invalid JSON');
      return;
    }

    if (msg.type === 'kick' && session.isModerator) {
      for (const member of rooms.get(room) ?? []) {
        if (member.userId === msg.userId) member.close(CLOSE_KICKED, 'kicked by a moderator');
      }
      return;
    }

    broadcast(room, JSON.stringify({ from: session.userId, text: String(msg.text).slice(0, 2000) }));
  });

  ws.on('close', (code) => {
    leave(room, ws);
    if (code === 1006) console.warn(`connection for ${session.userId} dropped`);
  });
});

const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) {
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, HEARTBEAT_MS);

process.on('SIGTERM', () => {
  clearInterval(heartbeat);
  for (const ws of wss.clients) ws.close(1001, 'server restarting');
  server.close(() => process.exit(0));
});

server.listen(PORT, () => console.log(`chat server on :${PORT}`));
