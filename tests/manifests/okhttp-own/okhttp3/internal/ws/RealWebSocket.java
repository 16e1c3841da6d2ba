package okhttp3.internal.ws;

import static okhttp3.internal.ws.WebSocketProtocol.CLOSE_CLIENT_GOING_AWAY;

// OkHttp's own code: its package is the evidence, its constants stand alone.
final class RealWebSocket {
  boolean send(int size) {
    if (size > MAX_QUEUE_SIZE) {
      close(CLOSE_CLIENT_GOING_AWAY, null); // site api=okhttp code=1001
      return false;
    }
    writer.writeClose(1001, "Hello"); // site api=okhttp code=1001
    writer.writeClose(0, null); // 0: a Close frame without a status code
    return true;
  }

  // Look-alikes.
  void cleanup(java.io.Closeable file) throws Exception {
    file.close();
    Thread.sleep(1000);
  }
}
