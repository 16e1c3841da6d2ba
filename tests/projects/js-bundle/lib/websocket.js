const WebSocket = require('ws');
const { kStatusCode } = require('./constants');

function receiverOnError(err) {
  const websocket = this.websocket;
  if (err[kStatusCode] !== undefined) {
    websocket.close(err[kStatusCode]);
  }
}

function closeAll(sockets, codes) {
  for (let i = 0; i < sockets.length; i++) {
    sockets[i].close(codes[i]);
  }
}

module.exports = { WebSocket, receiverOnError, closeAll };
