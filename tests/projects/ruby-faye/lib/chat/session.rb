require "faye/websocket"

module Chat
  class Session
    def initialize(ws)
      @ws = ws
    end

    # A close helper: its parameter is the close code.
    def kick(code, reason = nil)
      @ws.close(code, reason)
    end

    # A keyword parameter: callers pass `code: 4003`.
    def self.deny(ws, code:)
      ws.close code, "denied"
    end
  end
end
