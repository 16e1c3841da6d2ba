import Foundation

/// Look-alikes: no WebSocket here.
final class Store {
    let db: Database

    init(db: Database) {
        self.db = db
    }

    /// Closes the database with a status code.
    func shutdown(code: Int32) {
        db.close(code: code)
    }

    func finish() {
        shutdown(code: Int32(AppCloseCode.unauthorized.rawValue))
        shutdown(code: 4001)
    }
}

/// A project class with its own close(code:).
final class Pipe {
    var status: UInt16 = 0

    func close(code: UInt16) {
        status = code
    }
}

func drain(_ pipe: Pipe) {
    pipe.close(code: Codes.sessionExpired)
    pipe.close(code: 4002)
}
