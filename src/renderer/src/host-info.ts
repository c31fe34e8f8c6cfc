import type { ReplyOf } from '../../shared/contract';

type HostInfo = ReplyOf<'app.info'>;
let info: Promise<HostInfo | undefined> | undefined;

/** What the host is and does, asked once per page. */
export function hostInfo(): Promise<HostInfo | undefined> {
  info ??= window.lumen.app.info().then((r) => (r.ok ? r.value : undefined));
  return info;
}

/** Whether the host takes screenshots itself (the desktop app); otherwise the page asks the browser. */
export const hostCapturesScreen = async () => (await hostInfo())?.capabilities.screenCapture ?? false;
