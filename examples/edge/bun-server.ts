// Presence service on Bun: who is online in each document.
import type { ServerWebSocket } from 'bun';

type Presence = { userId: string; docId: string };

const UPSTREAM_TIMEOUT_MS = 2_000;

async function loadDocument(docId: string): Promise<boolean> {
  const res = await fetch(`http://docs.internal/api/docs/${docId}`, {
    signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
  });
  return res.ok;
}

const server = Bun.serve({
  port: Number(Bun.env.PORT ?? 3000),

  fetch(req, server) {
    const url = new URL(req.url);
    const userId = req.headers.get('x-user-id');
    if (!userId) return new Response('unauthorized', { status: 401 });
    const docId = url.pathname.replace(/^\/docs\//, '');
    if (server.upgrade(req, { data: { userId, docId } })) return;
    return new Response('expected a websocket', { status: 426 });
  },

  websocket: {
    idleTimeout: 60,

    async open(ws: ServerWebSocket<Presence>) {
      try {
        if (!(await loadDocument(ws.data.docId))) {
          ws.close(4404, 'document not found');
          return;
        }
      } catch {
        // The document service did not answer in time.
        ws.close(504, 'upstream timeout');
        return;
      }
      ws.subscribe(ws.data.docId);
      server.publish(ws.data.docId, JSON.stringify({ joined: ws.data.userId }));
    },

    message(ws: ServerWebSocket<Presence>, message: string | Buffer) {
      if (typeof message !== 'string') {
        ws.close(1003, 'text only');
        return;
      }
      server.publish(ws.data.docId, JSON.stringify({ from: ws.data.userId, cursor: message }));
    },

    close(ws: ServerWebSocket<Presence>, code: number) {
      server.publish(ws.data.docId, JSON.stringify({ left: ws.data.userId, code }));
    },
  },
});

process.on('SIGTERM', () => server.stop());
