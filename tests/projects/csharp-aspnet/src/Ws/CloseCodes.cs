namespace App.Ws;

public static class CloseCodes
{
    public const int AuthFailed = 4001;
    public const int Timeout = 1000;
    public static readonly int Kicked = 4005;
    public const WebSocketCloseStatus Banned = (WebSocketCloseStatus)4003;
}

public enum AppCloseCode
{
    RateLimited = 4029,
    ServerRestart = 4100,
}
