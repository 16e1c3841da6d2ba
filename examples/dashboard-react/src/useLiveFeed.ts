// React hook: subscribe to the metrics feed over a browser WebSocket.
import { useEffect, useRef, useState } from 'react';

export type Metric = { name: string; value: number; at: number };

const CLOSE_UNSUBSCRIBED = 4000;
const IDLE_MS = 5 * 60_000;

export function useLiveFeed(url: string, topics: string[]) {
  const [metrics, setMetrics] = useState<Record<string, Metric>>({});
  const [connected, setConnected] = useState(false);
  const socketRef = useRef<WebSocket | null>(null);

  useEffect(() => {
    const socket = new WebSocket(url);
    socketRef.current = socket;
    let idleTimer = window.setTimeout(() => socket.close(4008, 'idle'), IDLE_MS);

    socket.onopen = () => {
      setConnected(true);
      socket.send(JSON.stringify({ op: 'subscribe', topics }));
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      window.clearTimeout(idleTimer);
      idleTimer = window.setTimeout(() => socket.close(4008, 'idle'), IDLE_MS);
      const metric = JSON.parse(event.data) as Metric;
      setMetrics((prev) => ({ ...prev, [metric.name]: metric }));
    };
    socket.onclose = (event: CloseEvent) => {
      setConnected(false);
      if (!event.wasClean) console.warn(`feed closed abnormally (${event.code})`);
    };

    return () => {
      window.clearTimeout(idleTimer);
      socket.close(CLOSE_UNSUBSCRIBED, 'unsubscribed');
    };
  }, [url, topics.join(',')]);

  const disconnect = () => socketRef.current?.close(1000);

  return { metrics, connected, disconnect };
}
