import 'package:web_socket_channel/web_socket_channel.dart';

class Session {
  Session(this.channel);
  final WebSocketChannel channel;

  /// A close helper: its parameter is the close code.
  Future<void> kick(int code, [String? reason]) async {
    await channel.sink.close(code, reason);
  }
}

/// A named parameter: callers pass `code: 4003`.
void deny(WebSocketChannel channel, {required int code}) {
  channel.sink.close(code, 'denied');
}
