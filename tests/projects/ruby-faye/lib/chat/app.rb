require "faye/websocket"

module Chat
  class App
    def call(env)
      ws = Faye::WebSocket.new(env)
      session = Session.new(ws)
      token = env["HTTP_AUTHORIZATION"]
      session.kick(4001, "no token") if token.nil?
      session.kick(CloseCodes::SESSION_EXPIRED, "expired") if expired?(token)
      Moderation.ban(session, Chat::CloseCodes::BANNED) if banned?(token)
      Session.deny(ws, code: CloseCodes::UNAUTHORIZED) unless allowed?(token)
      ws.close(Chat::CloseCodes::BANNED, "bye") if shutting_down?

      ws.on :close do |event|
        code = event.code
        log("auth") if code == CloseCodes::UNAUTHORIZED
        log("auth") if code == Settings::CLOSE_AUTH
      end
      EM.add_timer(Settings::TIMEOUT) { ping(ws) }
      sleep(Settings::TIMEOUT)
      ws.rack_response
    end
  end
end
