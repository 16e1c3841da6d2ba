module Chat
  # Look-alikes: no WebSocket here.
  class Store
    # Closes the database with a status code.
    def shutdown(code)
      @db.close(code)
    end

    def finish
      shutdown(CloseCodes::UNAUTHORIZED)
      shutdown(4001)
    end
  end

  # A project class with its own close(code).
  class Pipe
    def close(code)
      @status = code
      @io.close
    end
  end

  def self.drain(pipe)
    pipe.close(CloseCodes::BANNED)
    pipe.close(4002)
  end
end
