using System;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

var app = WebApplication.CreateBuilder(args).Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
app.Map("/chat", ChatEndpoint.HandleAsync);
app.Run();

public static class ChatEndpoint
{
    private const int TokenExpired = 4001;

    public static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var ct = context.RequestAborted;
        if (!context.Request.Query.TryGetValue("token", out var token))
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "missing token", ct);
            return;
        }
        if (IsExpired(token))
        {
            await socket.CloseAsync((WebSocketCloseStatus)TokenExpired, "token expired", ct);
            return;
        }

        var buffer = new byte[4096];
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Nothing to report back: send an "empty" status.
                await socket.CloseOutputAsync(WebSocketCloseStatus.Empty, null, ct);
                break;
            }
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                await socket.CloseAsync(WebSocketCloseStatus.InvalidMessageType, "text only", ct);
                break;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            await socket.SendAsync(Encoding.UTF8.GetBytes(text.ToUpperInvariant()), WebSocketMessageType.Text, true, ct);
        }
    }

    private static bool IsExpired(string? token) => string.IsNullOrEmpty(token);
}
