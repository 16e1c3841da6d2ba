import 'dart:io';

import 'close_codes.dart';

/// Look-alikes: no WebSocket here.
class Store {
  Store(this.db);
  final Database db;

  /// Closes the database with a status code.
  void shutdown(int code) {
    db.close(code);
  }

  void finish() {
    shutdown(CloseCodes.unauthorized);
    shutdown(4001);
    exit(AppClose.banned.code);
  }
}

/// A project class with its own close(code).
class Pipe {
  void close(int code) {
    status = code;
  }
}

void drain(Pipe pipe) {
  pipe.close(CloseCodes.unauthorized);
  pipe.close(4002);
}
