// A .NET client: the fake corpus of tests/corpus_report.rs.
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

class Client
{
    static async Task Run(ClientWebSocket ws)
    {
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        // Empty closes without a code: nothing reserved goes on the wire.
        await ws.CloseOutputAsync(WebSocketCloseStatus.Empty, null, CancellationToken.None);
    }
}
