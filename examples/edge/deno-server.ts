// Notification fan-out on Deno.
const sockets = new Set<WebSocket>();
const MAX_SOCKETS = 5_000;

function handleSocket(req: Request): Response {
  const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 30 });

  socket.onopen = () => {
    if (sockets.size >= MAX_SOCKETS) {
      socket.close(1013, 'too many connections');
      return;
    }
    sockets.add(socket);
  };

  socket.onmessage = (event) => {
    try {
      const { op } = JSON.parse(String(event.data));
      if (op !== 'ping') socket.close(1008, 'clients may only ping');
    } catch (err) {
      console.error(err);
      // Server sockets may use 1011; only client sockets are limited to 1000/3000-4999.
      socket.close(1011, 'internal error');
    }
  };

  socket.onclose = () => sockets.delete(socket);
  socket.onerror = (e) => console.error('socket error', e);
  return response;
}

Deno.serve({ port: 8000 }, (req) => {
  if (req.headers.get('upgrade') === 'websocket') return handleSocket(req);
  return new Response('notifications service');
});

Deno.addSignalListener('SIGTERM', () => {
  for (const socket of sockets) socket.close(1001, 'server shutting down');
  Deno.exit(0);
});
