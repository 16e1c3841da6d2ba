#include <unistd.h>

// The same receiver-less shape outside `namespace ix`: not IXWebSocket's own code.
namespace other
{
    void File::done()
    {
        close(1000, "not a websocket");
        close(WebSocketCloseConstants::kProtocolErrorCode, "x");
    }
}
