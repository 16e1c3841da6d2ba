using System;

namespace FleckPool
{
    // A namespace that only starts like Fleck's, and a receiver-less Close(code) of its own.
    public class Pool
    {
        void Fail()
        {
            Close(1011);
            Close(WebSocketStatusCodes.ProtocolError);
        }

        void Close(int code) { }
    }
}
