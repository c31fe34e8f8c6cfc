import { version } from '../../package.json';

export const LUMEN_VERSION: string = version;
