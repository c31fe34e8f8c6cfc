import { readFile, realpath } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';

const inside = (path: string, folder: string) =>
  path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/**
 * Reads a file below `root`, refusing anything that would escape it: `..` in the path, and links
 * (in the file's name or any folder on the way) that lead out of it. The file read is the one whose
 * real path was checked.
 */
export async function readStatic(root: string, urlPath: string): Promise<Buffer | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = normalize(join(root, decoded));
  if (!inside(full, root)) return undefined;
  try {
    const [real, realRoot] = await Promise.all([realpath(full), realpath(root)]);
    if (!inside(real, realRoot)) return undefined;
    return await readFile(real);
  } catch {
    return undefined;
  }
}
