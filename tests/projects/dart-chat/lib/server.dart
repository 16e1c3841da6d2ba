import 'dart:async';

import 'package:shelf_web_socket/shelf_web_socket.dart';

import 'src/close_codes.dart';
import 'src/moderation.dart';
import 'src/session.dart';
import 'src/settings.dart';

final handler = webSocketHandler((channel, protocol) async {
  final session = Session(channel);
  final token = protocol;
  if (token == null) await session.kick(4001, 'no token');
  if (expired(token)) await session.kick(CloseCodes.sessionExpired, 'expired');
  if (banned(token)) await ban(session, AppClose.banned.code);
  if (!allowed(token)) deny(channel, code: kicked);
  if (shuttingDown) await channel.sink.close(AppClose.rateLimited.code, 'bye');

  final code = channel.closeCode;
  if (code == CloseCodes.unauthorized) log('auth');
  if (code == Settings.closeAuth) log('auth');
  Timer(Duration(milliseconds: Settings.timeout), () => ping(channel));
  await Future.delayed(Duration(milliseconds: Settings.timeout));
  sleep(Settings.timeout);
});
