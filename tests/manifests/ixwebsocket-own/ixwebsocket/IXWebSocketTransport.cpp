#include "IXWebSocketTransport.h"

namespace ix
{
    // IXWebSocket's own code: WebSocketTransport closes itself, receiver-less.
    void WebSocketTransport::dispatch()
    {
        close(WebSocketCloseConstants::kProtocolErrorCode, // site api=ixwebsocket code=1002
              WebSocketCloseConstants::kProtocolErrorMessage,
              _rxbuf.size());
        close(1011, "internal error"); // expect: magic-close-code api=ixwebsocket code=1011
        ::close(fd);
        close(fd);
    }
} // namespace ix
