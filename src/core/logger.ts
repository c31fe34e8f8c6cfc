import type { Logger } from './ports';

const SECRET_PATTERNS: RegExp[] = [
  /\b(sk|ek|rk)-[A-Za-z0-9_-]{8,}/g, // OpenAI-style keys and ephemeral tokens
  /Bearer\s+[^\s"']+/gi,
  /data:[\w/+.-]+;base64,[A-Za-z0-9+/=]{16,}/g // captured images or audio
];

/** Removes keys, bearer tokens and base64 payloads from anything about to be logged. */
export function redact(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

/** A console logger that redacts every line; `secrets` returns values known to be secret right now. */
export function createConsoleLogger(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  secrets: () => readonly string[] = () => []
): Logger {
  const log = (level: string) => (message: string, data?: Record<string, unknown>) =>
    write(redact(`[lumen] ${level} ${message}${data ? ` ${JSON.stringify(data)}` : ''}`, secrets()));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
