// Dashboard panel showing live metrics.
import { useLiveFeed } from './useLiveFeed';

interface LiveFeedProps {
  topics: string[];
}

export function LiveFeed({ topics }: LiveFeedProps) {
  const { metrics, connected, disconnect } = useLiveFeed('wss://metrics.example.com/feed', topics);

  return (
    <section className="live-feed">
      <header>
        <h2>Live metrics</h2>
        <span className={connected ? 'dot dot--online' : 'dot dot--offline'} />
        <button type="button" onClick={disconnect} disabled={!connected}>
          Disconnect
        </button>
      </header>
      <table>
        <tbody>
          {Object.values(metrics).map((m) => (
            <tr key={m.name}>
              <td>{m.name}</td>
              <td>{m.value.toFixed(2)}</td>
              <td>{new Date(m.at).toLocaleTimeString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
