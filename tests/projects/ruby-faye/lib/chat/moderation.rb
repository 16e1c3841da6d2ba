module Chat
  module Moderation
    # Forwards its code to Session#kick: a helper too.
    def self.ban(session, code)
      session.kick(code, "banned")
    end
  end
end
