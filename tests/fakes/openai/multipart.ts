import type { RecordedFile } from './types';

export interface Multipart {
  fields: Record<string, string>;
  files: RecordedFile[];
}

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]!).trim() : null;
}

/** Minimal multipart/form-data parser (RFC 7578), enough for what SDKs send. */
export function parseMultipart(body: Buffer, boundary: string): Multipart {
  const fields: Record<string, string> = {};
  const files: RecordedFile[] = [];
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    let start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delim, start);
    if (next === -1) break;
    const part = body.subarray(start, next - 2); // drop the CRLF before the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const data = part.subarray(headerEnd + 4);
      const disp = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      const name = /\bname="?([^";]*)"?/i.exec(disp)?.[1] ?? '';
      const filename = /\bfilename="?([^";]*)"?/i.exec(disp)?.[1];
      const contentType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      if (filename !== undefined)
        files.push({ name, filename, contentType, bytes: data.length, data: Buffer.from(data) });
      else fields[name] = data.toString('utf8');
    }
    pos = next;
  }
  return { fields, files };
}
