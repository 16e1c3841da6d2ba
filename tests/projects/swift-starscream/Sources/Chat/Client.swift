import Foundation
import Starscream

final class Client: WebSocketDelegate {
    var session: Session
    var socket: WebSocket

    init(socket: WebSocket) {
        self.socket = socket
        self.session = Session(socket: socket)
    }

    func didReceive(event: WebSocketEvent, client: WebSocketClient) {
        switch event {
        case .text(let token):
            if token.isEmpty {
                session.kick(4001)
            } else if expired(token) {
                session.kick(Codes.sessionExpired)
            } else if banned(token) {
                ban(session, AppCloseCode.banned.rawValue)
            } else if !allowed(token) {
                Session.deny(socket, code: kickedCode)
            } else if shuttingDown {
                socket.disconnect(closeCode: AppCloseCode.unauthorized.rawValue)
            }
        case .disconnected(_, let code):
            if code == AppCloseCode.unauthorized.rawValue || code == Settings.closeAuth {
                log("auth")
            }
        default:
            break
        }
        DispatchQueue.main.asyncAfter(deadline: .now() + .milliseconds(Settings.timeout)) {}
        Thread.sleep(forTimeInterval: TimeInterval(Settings.timeout))
    }
}
