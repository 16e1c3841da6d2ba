/// Application close codes.
enum AppCloseCode: UInt16 {
    case unauthorized = 4001
    case banned = 4003
}

/// A caseless enum as a namespace.
enum Codes {
    static let sessionExpired: UInt16 = 4002
}

let kickedCode: UInt16 = 4004
