import { getRawHeader, type DirectoryRecord, type FileRecord } from '@electron/asar';

/** One file in an app.asar archive: its path inside (with `/`), its size, and whether it is unpacked beside it. */
export interface ArchiveFile {
  path: string;
  size: number;
  unpacked: boolean;
}

type Entry = DirectoryRecord | FileRecord | { link: string };

/** Every file the archive lists (links left out), in the header's order. */
export function listArchive(asarPath: string): ArchiveFile[] {
  const files: ArchiveFile[] = [];
  const walk = (dir: DirectoryRecord, prefix: string) => {
    for (const [name, entry] of Object.entries(dir.files) as [string, Entry][]) {
      const path = prefix + name;
      if ('files' in entry) walk(entry, `${path}/`);
      else if ('size' in entry) files.push({ path, size: entry.size, unpacked: entry.unpacked === true });
    }
  };
  walk(getRawHeader(asarPath).header, '');
  return files;
}
