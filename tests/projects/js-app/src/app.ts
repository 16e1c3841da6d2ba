import { WebSocketServer } from 'ws';
import { CloseCode, WS_CLOSE_NORMAL, WS_CLOSE_RESERVED, TIMEOUT as WAIT } from './codes';
import { closeWith, deny, closeFile } from './errors';
import { Status } from './compiled';

const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.close(CloseCode.TooBig);
  ws.close(WS_CLOSE_RESERVED);
  ws.close(WS_CLOSE_NORMAL);
  closeWith(ws, 1015, 'tls');
  deny(ws, CloseCode.TooBig);
  deny(ws, Status.Gone);
  closeWith(ws, CloseCode.Forbidden, 'no');
  // Look-alikes: a timer, a file, a comparison.
  setTimeout(() => {}, WAIT);
  closeFile(3, 1005);
  ws.on('close', (code) => {
    if (code === CloseCode.TooBig) {
      console.log('gone');
    }
  });
});
