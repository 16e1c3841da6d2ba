const { WebSocketServer } = require('ws');
const common = require('./common.js');

const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.close(common.CloseCode.BadRequest, 'bad');
  setTimeout(() => {}, common.Timing.Wait);
});
