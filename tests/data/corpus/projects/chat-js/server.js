// A tiny chat server on `ws`: the fake corpus of tests/corpus_report.rs.
const { WebSocketServer } = require('ws');

const KICKED = 4001;
const wss = new WebSocketServer({ port: 8080 });

function kick(ws, code) {
  ws.close(code, 'kicked');
}

wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    if (data.length > 4096) ws.close(1009, 'too big');
    if (String(data) === '/quit') ws.close(KICKED, 'bye');
    if (String(data) === '/spam') kick(ws, 4002);
  });
  ws.on('close', (code) => {
    if (code === 1000) console.log('clean close');
  });
});

setTimeout(() => wss.close(), 1000);
