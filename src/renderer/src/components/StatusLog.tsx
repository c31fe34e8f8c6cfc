import { useAnnouncer } from '../announcer';

/** A visible copy of recent announcements; the live regions do the speaking. */
export function StatusLog() {
  const { history } = useAnnouncer();
  return (
    <section className="status-log" aria-labelledby="status-heading">
      <h2 id="status-heading">Recent messages</h2>
      {history.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <ol data-testid="status-log">
          {history
            .slice()
            .reverse()
            .map((a) => (
              <li key={a.id} className={a.politeness === 'assertive' ? 'message-error' : undefined}>
                {a.text}
              </li>
            ))}
        </ol>
      )}
    </section>
  );
}
