// Browser client for the chat server.
const params = new URLSearchParams(location.search);
const room = params.get('room') ?? 'lobby';
const token = localStorage.getItem('chat-token');

const log = document.querySelector('#log');
const form = document.querySelector('#composer');
const input = form.querySelector('input');

let socket;
let retries = 0;

function connect() {
  socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/?room=${room}&token=${token}`);

  socket.addEventListener('open', () => {
    retries = 0;
    document.body.classList.add('online');
  });

  socket.addEventListener('message', (event) => {
    const { from, text } = JSON.parse(event.data);
    const li = document.createElement('li');
    li.textContent = `${from}: ${text}`;
    log.append(li);
  });

  socket.addEventListener('close', (event) => {
    document.body.classList.remove('online');
    if (event.code === 4001 || event.code === 4401) {
      location.assign('/login');
      return;
    }
    if (event.code === 4003) {
      alert('You were removed from this room.');
      return;
    }
    const delay = Math.min(30_000, 1000 * 2 ** retries++) + Math.random() * 1000;
    setTimeout(connect, delay);
  });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (socket.readyState === WebSocket.OPEN && input.value.trim()) {
    socket.send(JSON.stringify({ type: 'message', text: input.value }));
    input.value = '';
  }
});

document.querySelector('#leave').addEventListener('click', () => {
  socket.close(1000, 'user left');
  location.assign('/');
});

window.addEventListener('pagehide', () => {
  socket.close(1001, 'page hidden');
});

connect();
