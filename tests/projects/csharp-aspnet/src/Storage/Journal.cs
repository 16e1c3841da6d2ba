using App.Ws;

namespace App.Storage;

/// Not a WebSocket: a journal with its own Close(code).
public class Journal
{
    public int ClosedWith { get; private set; }

    public void Close(int code) => ClosedWith = code;

    public static void Shutdown(Journal journal, int code)
    {
        journal.Close(code);
    }

    public static void StopAll(Journal journal)
    {
        Shutdown(journal, CloseCodes.AuthFailed);
        Shutdown(journal, 4001);
        journal.Close(CloseCodes.AuthFailed);
    }
}
