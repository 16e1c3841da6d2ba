'use strict';

// ws's own code: no `require('ws')`, yet these are ws's close calls (RFC 6455 rules, not the
// browser's: 1002 and 1009 are fine for ws).
class WebSocket {
  receiverOnError(err) {
    this.close(1002, 'Invalid frame'); // site api=ws code=1002
  }

  tooBig(websocket) {
    websocket.close(1009); // site api=ws code=1009
  }
}

// Look-alikes even here: no code, not a close call.
function cleanup(file, f) {
  file.close();
  setTimeout(f, 1000);
}

module.exports = WebSocket;
