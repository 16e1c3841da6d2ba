// High-fanout game lobby on uWebSockets.js.
const uWS = require('uWebSockets.js');

const MAX_NAME = 32;

uWS
  .App()
  .ws('/lobby', {
    idleTimeout: 32,
    maxPayloadLength: 4 * 1024,

    upgrade: (res, req, context) => {
      const name = req.getQuery('name') ?? '';
      res.upgrade(
        { name: decodeURIComponent(name).slice(0, MAX_NAME) },
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      );
    },

    open: (ws) => {
      if (!ws.getUserData().name) {
        ws.end(4000, 'name required');
        return;
      }
      ws.subscribe('lobby');
    },

    message: (ws, message, isBinary) => {
      if (isBinary) {
        ws.end(1003, 'text only');
        return;
      }
      ws.publish('lobby', message);
    },

    close: (ws, code) => {
      if (code !== 1000) console.log('left lobby with', code);
    },
  })
  .listen(9001, (listenSocket) => {
    if (!listenSocket) process.exit(1);
  });
