import { WebSocketServer } from 'ws';
import { C as CloseCode, T as Timing } from './common.js';

const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.close(CloseCode.Forbidden, 'no');
  // Look-alikes: a timer, a comparison.
  setTimeout(() => {}, Timing.Wait);
  ws.on('close', (code) => {
    if (code === CloseCode.BadRequest) {
      console.log('bad');
    }
  });
});
