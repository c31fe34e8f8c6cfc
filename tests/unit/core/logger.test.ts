import { describe, expect, it } from 'vitest';
import { createConsoleLogger, redact } from '../../../src/core/logger';

describe('redacting logger', () => {
  it('removes keys, bearer tokens and base64 payloads', () => {
    const line = redact(
      'key sk-proj-abcdefghijklmnop auth Bearer xyz123 image data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD'
    );
    expect(line).toBe('key [redacted] auth [redacted] image [redacted]');
  });

  it('removes secrets it is told about even when they do not look like keys', () => {
    const lines: string[] = [];
    const logger = createConsoleLogger(
      (l) => lines.push(l),
      () => ['custom-secret-value']
    );
    logger.error('failed', { header: 'custom-secret-value' });
    expect(lines).toEqual(['[lumen] error failed {"header":"[redacted]"}']);
  });
});
