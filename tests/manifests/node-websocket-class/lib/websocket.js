'use strict';

// A Node library's own WebSocket class, exported: neither the export nor its close calls are
// the browser's (no WHATWG findings on Node code), and no library here is known.
class WebSocket {
  fail() {
    this.close(1002, 'protocol error');
    this._socket.close(1011);
  }
}

module.exports = WebSocket;
exports.WebSocket = WebSocket;
