// A moderation bot that connects to the chat server as a `ws` client.
import WebSocket from 'ws';

const url = process.env.CHAT_URL ?? 'ws://localhost:8080/?room=lobby&token=' + process.env.BOT_TOKEN;
const BANNED = [/buy followers/i, /free crypto/i];

function start() {
  const ws = new WebSocket(url);

  ws.on('open', () => console.log('bot connected'));

  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (BANNED.some((re) => re.test(msg.text))) {
      ws.send(JSON.stringify({ type: 'kick', userId: msg.from }));
    }
  });

  ws.on('close', (code, reason) => {
    console.log(`bot disconnected (${code} ${reason})`);
    if (code !== 1000 && code !== 4003) setTimeout(start, 5_000);
  });

  process.once('SIGINT', () => {
    ws.close(1000, 'bot stopping');
  });
}

start();
