module Chat
  module Settings
    TIMEOUT = 1000
    CLOSE_AUTH = 4001
  end
end
