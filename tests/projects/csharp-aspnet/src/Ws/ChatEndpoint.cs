using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Codes = App.Ws.CloseCodes;

namespace App.Ws;

public class ChatEndpoint
{
    public async Task Handle(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var token = context.Request.Query["token"];
        if (string.IsNullOrEmpty(token))
        {
            await socket.CloseAsync((WebSocketCloseStatus)CloseCodes.AuthFailed, "no token", CancellationToken.None);
            return;
        }
        await socket.CloseAsync(CloseCodes.Banned, "banned", CancellationToken.None);
        await socket.CloseAsync((WebSocketCloseStatus)AppCloseCode.ServerRestart, "restart", CancellationToken.None);
        await socket.CloseWithAsync((WebSocketCloseStatus)4002, "bad message");
        await socket.CloseWithAsync(WebSocketCloseStatus.PolicyViolation, "policy");
        await SocketExtensions.FailAsync(socket, Codes.AuthFailed, "expired");
        await SocketExtensions.FailAsync(socket, reason: "slow down", code: (int)AppCloseCode.RateLimited);
        await SocketExtensions.RejectAsync(socket, CloseCodes.Kicked);
        await Task.Delay(CloseCodes.Timeout);
        var result = await socket.ReceiveAsync(new byte[16], CancellationToken.None);
        if ((int?)result.CloseStatus == CloseCodes.AuthFailed)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(CloseCodes.Timeout));
        }
    }
}
