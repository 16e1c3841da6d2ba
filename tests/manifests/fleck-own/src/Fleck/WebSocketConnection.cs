using System;

namespace Fleck
{
    // Fleck's own code never has `using Fleck;`.
    public class WebSocketConnection
    {
        void HandleReadError(Exception e)
        {
            Close(WebSocketStatusCodes.ProtocolError); // site api=fleck code=1002
            Close(1011); // expect: magic-close-code api=fleck code=1011
            _stream.Close();
            Close();
        }

        public void Close(int code) { }
    }
}
