import Starscream

final class Session {
    let socket: WebSocket

    init(socket: WebSocket) {
        self.socket = socket
    }

    /// A close helper: its parameter is the close code.
    func kick(_ code: UInt16) {
        socket.disconnect(closeCode: code)
    }

    /// A labelled parameter: callers pass `code: 4001`.
    static func deny(_ socket: WebSocket, code: UInt16) {
        socket.disconnect(closeCode: code)
    }
}
