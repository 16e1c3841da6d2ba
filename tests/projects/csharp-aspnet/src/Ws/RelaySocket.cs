using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace App.Ws;

/// A WebSocket of its own that closes through its own CloseOutputAsync.
public abstract class RelaySocket : WebSocket
{
    private async Task CloseWithErrorAndThrowAsync(WebSocketCloseStatus status, string message)
    {
        await CloseOutputAsync(status, string.Empty, default).ConfigureAwait(false);
        throw new WebSocketException(message);
    }

    public async Task OnBadFrameAsync()
    {
        await CloseWithErrorAndThrowAsync(WebSocketCloseStatus.ProtocolError, "bad frame").ConfigureAwait(false);
    }
}
