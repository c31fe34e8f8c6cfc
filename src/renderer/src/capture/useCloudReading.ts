import { useCallback, useEffect, useRef, useState } from 'react';
import { useAnnouncer } from '../announcer';

/**
 * Asking the cloud to read the page read last with the camera: offered by core when many of its words
 * were unclear (document.offer), sent only on the user's press. Why it could not be read is said by core.
 */
export function useCloudReading() {
  const { announce } = useAnnouncer();
  const [offered, setOffered] = useState(false);
  const [asking, setAsking] = useState(false);
  const busy = useRef(false);

  useEffect(() => window.lumen.on('document.offer', ({ cloud }) => setOffered(cloud)), []);

  const ask = useCallback(async () => {
    if (busy.current) return announce('The cloud is still reading the page. Please wait.');
    busy.current = true;
    setAsking(true);
    announce('Sending the page to the cloud to be read…');
    try {
      const result = await window.lumen.document.cloud();
      if (!result.ok) announce(result.error.message, 'assertive');
      else if (result.value.read)
        announce(`The cloud read the page: ${result.value.lines} lines. The text reader moves through them.`);
    } finally {
      busy.current = false;
      setAsking(false);
    }
  }, [announce]);

  return { offered, asking, ask };
}
