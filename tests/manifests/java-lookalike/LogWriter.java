package com.example.logs;

// Another project's close(code, reason) and a constant of the same name: not OkHttp's.
final class LogWriter {
  static final int CLOSE_CLIENT_GOING_AWAY = 7;

  void done() {
    close(CLOSE_CLIENT_GOING_AWAY, null);
  }
}
