using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace App.Ws;

public static class SocketExtensions
{
    public static Task CloseWithAsync(this WebSocket socket, WebSocketCloseStatus status, string reason)
        => socket.CloseAsync(status, reason, CancellationToken.None);

    public static async Task FailAsync(WebSocket socket, int code, string reason)
    {
        await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
    }

    public static Task RejectAsync(WebSocket socket, int code) => FailAsync(socket, code, "rejected");
}
