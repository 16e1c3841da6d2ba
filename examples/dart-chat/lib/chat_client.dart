import 'dart:async';
import 'dart:convert';

import 'package:web_socket_channel/status.dart' as status;
import 'package:web_socket_channel/web_socket_channel.dart';

/// A chat client that reconnects unless the server kicked it.
class ChatClient {
  ChatClient(this.url);

  final Uri url;
  WebSocketChannel? _channel;
  Timer? _heartbeat;
  DateTime _lastPong = DateTime.now();

  Future<void> connect() async {
    final channel = WebSocketChannel.connect(url);
    await channel.ready;
    _channel = channel;
    channel.stream.listen(_onMessage, onDone: _onDone);
    _heartbeat = Timer.periodic(const Duration(seconds: 10), (_) => _checkHeartbeat());
  }

  void _onMessage(dynamic data) {
    final message = jsonDecode(data as String) as Map<String, dynamic>;
    if (message['type'] == 'pong') {
      _lastPong = DateTime.now();
    }
  }

  void _checkHeartbeat() {
    if (DateTime.now().difference(_lastPong) > const Duration(seconds: 30)) {
      // The server stopped answering: report it as an abnormal closure.
      _channel?.sink.close(status.abnormalClosure);
      return;
    }
    _channel?.sink.add(jsonEncode({'type': 'ping'}));
  }

  void _onDone() {
    _heartbeat?.cancel();
    if (_channel?.closeCode != 4001) {
      unawaited(connect());
    }
  }

  Future<void> leave() async {
    _heartbeat?.cancel();
    await _channel?.sink.close(status.goingAway, 'leaving');
  }
}
