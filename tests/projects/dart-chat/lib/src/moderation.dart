import 'session.dart';

/// Forwards its code to Session.kick: a helper too.
Future<void> ban(Session session, int code) => session.kick(code, 'banned');
