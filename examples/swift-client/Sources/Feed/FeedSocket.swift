import Foundation
import Starscream

/// Live price feed over Starscream.
final class FeedSocket: WebSocketDelegate {
    private let socket: WebSocket
    private var isConnected = false

    init(url: URL) {
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        socket = WebSocket(request: request)
        socket.delegate = self
    }

    func start() {
        socket.connect()
    }

    func stop() {
        socket.disconnect(closeCode: CloseCode.normal.rawValue)
    }

    func appWillUpdate() {
        // The app restarts to install an update: say "Service Restart" so the server
        // does not count it as a crash.
        socket.disconnect(closeCode: 1012)
    }

    func didReceive(event: WebSocketEvent, client: WebSocketClient) {
        switch event {
        case .connected:
            isConnected = true
        case .disconnected(let reason, let code):
            isConnected = false
            print("feed closed: \(reason) \(code)")
        case .text(let text) where text.utf8.count > 1 << 20:
            socket.disconnect(closeCode: CloseCode.messageTooBig.rawValue)
        case .error:
            socket.disconnect(closeCode: 4000)
        default:
            break
        }
    }
}
