struct Settings {
    static let timeout = 1000
    static let closeAuth: UInt16 = 4001
}
