// Defaults that never reach a WebSocket's close call, or belong to another function.
const pool = require('./pool');

function wait(ms = 1000) {
  setTimeout(() => {}, ms);
}
function closeDb(db, code = 1000) {
  db.close(code);
}
function outer(ws, code) {
  const inner = (code = 4000) => code;
  ws.close(code, inner());
}
const socket = new WebSocket('wss://example.com');
wait(undefined);
closeDb(pool, undefined);
outer(socket, undefined);
