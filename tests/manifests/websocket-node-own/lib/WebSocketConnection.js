// WebSocket-Node's own connection (lib/WebSocketConnection.js): drop() sends its Close frame
// only `if (!skipCloseFrame)`, so a caller passing `true` sends none; the code stays local.
function WebSocketConnection(socket) {
    this.socket = socket;
}

WebSocketConnection.prototype.drop = function(reasonCode, description, skipCloseFrame) {
    this.closeReasonCode = reasonCode;
    if (!skipCloseFrame) {
        this.sendCloseFrame(reasonCode, description);
    }
    this.socket.destroy();
};

// Sends only when asked to: the guard's other polarity.
WebSocketConnection.prototype.closeIf = function(code, send) {
    if (send) {
        this.sendCloseFrame(code);
    }
};

WebSocketConnection.prototype.sendCloseFrame = function(reasonCode, description) {
    var frame = new WebSocketFrame();
    frame.closeStatus = reasonCode;
    this.sendFrame(frame);
};

WebSocketConnection.prototype.handleTimeout = function() {
    // No Close frame: the peer is gone.
    this.drop(1006, 'Peer not responding.', true);
    this.closeIf(1006, false);
    this.closeIf(1006, null);
};

WebSocketConnection.prototype.handleFrame = function(frame) {
    if (frame.tooBig) {
        this.drop(1009, 'Frame too big.'); // site code=1009 api=websocket-node
    } else if (frame.abnormal) {
        // Without skipCloseFrame the Close frame carries the code: 1006 goes on the wire.
        this.drop(1006, 'abnormal', false); // expect: reserved-code code=1006 api=websocket-node
    } else if (frame.gone) {
        this.closeIf(1006, true); // expect: reserved-code code=1006 api=websocket-node
    } else if (frame.unknown) {
        // A flag the call does not spell as a literal may send.
        this.drop(1006, 'unknown', frame.skip); // expect: reserved-code code=1006 api=websocket-node
    }
};

module.exports = WebSocketConnection;
