import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  show(): void;
  stop(): void;
  quit(): void;
}

export function createTray(iconPath: string, actions: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Lumen');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Lumen', click: actions.show },
      { label: 'Stop speaking', click: actions.stop },
      { type: 'separator' },
      { label: 'Quit Lumen', click: actions.quit }
    ])
  );
  tray.on('click', actions.show);
  return tray;
}
