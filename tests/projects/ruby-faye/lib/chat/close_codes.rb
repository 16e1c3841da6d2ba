module Chat
  # Application close codes, one module for the whole app.
  module CloseCodes
    UNAUTHORIZED = 4001
    SESSION_EXPIRED = 4002
    BANNED = 4003
  end
end
