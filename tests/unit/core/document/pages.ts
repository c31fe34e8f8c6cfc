// Photographed pages made at test time: a letter of known text rendered by librsvg (through sharp),
// then laid on a dark table in a 1280 × 720 camera frame in perspective, lit from one side, blurred,
// given sensor noise and saved as JPEG. Seeded, so every run makes the same frames.
import sharp from 'sharp';
import { homographyFrom, warp, type Point } from '../../../../src/core/document/homography';
import { seededRandom } from '../../../seeded-random';

export const FRAME = { width: 1280, height: 720 } as const;

/*
 * An A5 sheet (210 × 148 mm, landscape) drawn at 5 px/mm, so 12 pt type (4.23 mm) is 21 px on it. In
 * the frame it is shown at PAGE_SCALE: about 800 px across, most of a 1280 × 720 frame with room to
 * turn and tilt, and its 12 pt type about 16 px high (x-height about 8 px).
 */
export const PAGE = { width: 1050, height: 740 } as const;
export const FONT_PX = 21;
export const PAGE_SCALE = 0.76;

export const LETTER = [
  'Dear Ms Novak,',
  'Thank you for your letter of 3 March about your account 4821-77.',
  'We have changed the address on the account as you asked, and the',
  'new card will reach you within ten working days. Your old card',
  'stays valid until the new one arrives; please cut it in half then.',
  'The annual fee of 24.50 EUR will be taken on 1 April as usual.',
  'If you have any questions, call us on 0800 123 456 between 8:00',
  'and 18:00 from Monday to Friday, or write to the address above.',
  'With kind regards,',
  'Peter Lang, Customer Service'
];

export interface Pose {
  /** Page turned in its own plane, degrees (clockwise in the picture). */
  rotate?: number;
  /** Page tilted about its horizontal axis (top edge away from the camera), degrees. */
  tiltX?: number;
  /** Page tilted about its vertical axis (right edge away), degrees. */
  tiltY?: number;
  /** Page width in the frame over PAGE.width, at the page's centre. */
  scale?: number;
  /** The page centre's offset from the frame centre, pixels. */
  dx?: number;
  dy?: number;
}

export interface Conditions {
  pose?: Pose;
  /** Light at the frame's left edge over that at its right (1 = flat light). */
  darkSide?: number;
  /** Camera blur, σ in frame pixels (default 0.8: a sharp laptop camera). */
  blur?: number;
  /** The light in the room, over the usual (a dim room: 0.1). */
  light?: number;
  /** A lamp's reflection on glossy paper: a patch burnt out to white, its centre this far from the page's, pixels. */
  glare?: { dx: number; dy: number; radius: number };
  seed?: number;
}

export interface PhotographedPage {
  jpeg: Buffer;
  /** The page's corners in the frame: top left, top right, bottom right, bottom left. */
  corners: Point[];
  text: string;
}

/** The conditions measured: the first four are flat-lit. */
export const CONDITIONS: Record<string, Conditions> = {
  'flat, facing the camera': { pose: {} },
  'turned 8°': { pose: { rotate: 8 } },
  'tilted 20° away': { pose: { tiltX: 20, rotate: 2 } },
  'tilted 20° sideways': { pose: { tiltY: 20, rotate: -3, dy: -20 } },
  'lit from one side': { pose: { rotate: 2 }, darkSide: 0.3 },
  'tilted, turned, lit from one side': { pose: { tiltX: 15, tiltY: 8, rotate: 6 }, darkSide: 0.3 }
};
/** A glossy letter under a lamp: a patch of glare over its middle lines. */
export const GLARE: Conditions = { pose: { rotate: 2 }, glare: { dx: 60, dy: 10, radius: 70 } };
export const FLAT_LIT = Object.keys(CONDITIONS).filter((name) => CONDITIONS[name]!.darkSide === undefined);

/*
 * Pages not the right way up. On its side the A5 sheet stands 1050 px tall, so it is shown smaller
 * (PAGE_SCALE 0.6, 12 pt type about 12.6 px high) to fit in the 720 px of the frame.
 */
export const TURNED_CONDITIONS: Record<string, Conditions> = {
  'upside down': { pose: { rotate: 182 } },
  'upside down, tilted, lit from one side': { pose: { tiltX: 15, rotate: 186 }, darkSide: 0.3 },
  'on its side, top to the right': { pose: { rotate: 92, scale: 0.6 } },
  'on its side, top to the left': { pose: { rotate: 268, scale: 0.6 } }
};
/** How far each turned page must be turned (clockwise) to be read. */
export const TURN_NEEDED: Record<string, number> = {
  'upside down': 180,
  'upside down, tilted, lit from one side': 180,
  'on its side, top to the right': 270,
  'on its side, top to the left': 90
};

const TABLE_GREY = 52;
const PAPER_GREY = 242;
const INK = '#1c1c20';
const NOISE_SIGMA = 5;
const BLUR_SIGMA = 0.8;
const JPEG_QUALITY = 72;
/** Glare's brightness at its centre, past white: the camera burns it out, print and all. */
const GLARE_PEAK = 330;
/** Camera focal length in frame pixels (a laptop camera's field of view, about 65° across). */
const FOCAL = 1000;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function renderPage(lines: readonly string[]): Promise<Uint8Array> {
  const pitch = Math.round(FONT_PX * 1.5);
  const body = lines
    .map(
      (text, i) =>
        `<text x="70" y="${90 + i * pitch + (i > 0 ? pitch / 2 : 0) + (i >= lines.length - 2 ? pitch / 2 : 0)}" ` +
        `font-family="DejaVu Serif" font-size="${FONT_PX}" fill="${INK}">${escape(text)}</text>`
    )
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE.width}" height="${PAGE.height}">` +
    `<rect width="100%" height="100%" fill="rgb(${PAPER_GREY},${PAPER_GREY},${PAPER_GREY})"/>${body}</svg>`;
  const { data } = await sharp(Buffer.from(svg))
    .greyscale()
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Where the page's corners land in the frame: the page turned and tilted, seen by a pinhole camera. */
export function pageCorners(pose: Pose = {}): Point[] {
  const rad = (deg = 0) => (deg * Math.PI) / 180;
  const [r, ax, ay] = [rad(pose.rotate), rad(pose.tiltX), rad(pose.tiltY)];
  const scale = pose.scale ?? PAGE_SCALE;
  const half = { x: PAGE.width / 2, y: PAGE.height / 2 };
  const local = [
    { x: -half.x, y: -half.y },
    { x: half.x, y: -half.y },
    { x: half.x, y: half.y },
    { x: -half.x, y: half.y }
  ];
  return local.map(({ x, y }) => {
    // In-plane turn, then tilt about the x axis (top away), then about the y axis (right away).
    const x1 = x * Math.cos(r) - y * Math.sin(r);
    const y1 = x * Math.sin(r) + y * Math.cos(r);
    const y2 = y1 * Math.cos(ax);
    const z2 = -y1 * Math.sin(ax);
    const x3 = x1 * Math.cos(ay);
    const z3 = z2 + x1 * Math.sin(ay);
    const depth = FOCAL + z3;
    return {
      x: FRAME.width / 2 + (pose.dx ?? 0) + (scale * FOCAL * x3) / depth,
      y: FRAME.height / 2 + (pose.dy ?? 0) + (scale * FOCAL * y2) / depth
    };
  });
}

/** The camera's look at the page (or at the empty table when `lines` is undefined). */
async function photograph(page: Uint8Array | undefined, corners: Point[], conditions: Conditions): Promise<Buffer> {
  const { width, height } = FRAME;
  const grey = page
    ? warp(
        { data: page, width: PAGE.width, height: PAGE.height },
        homographyFrom(corners, [
          { x: 0, y: 0 },
          { x: PAGE.width, y: 0 },
          { x: PAGE.width, y: PAGE.height },
          { x: 0, y: PAGE.height }
        ]),
        width,
        height,
        TABLE_GREY
      ).data
    : new Uint8Array(width * height).fill(TABLE_GREY);
  const random = seededRandom(conditions.seed ?? 18);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const dark = conditions.darkSide ?? 1;
  const light = conditions.light ?? 1;
  const glare = conditions.glare;
  const glareAt = glare && {
    x: width / 2 + (conditions.pose?.dx ?? 0) + glare.dx,
    y: height / 2 + (conditions.pose?.dy ?? 0) + glare.dy
  };
  const lit = new Uint8Array(width * height * 3);
  for (let x = 0; x < width; x++) {
    const gain = light * (dark + (1 - dark) * Math.pow(x / (width - 1), 0.8));
    for (let y = 0; y < height; y++) {
      let v = grey[y * width + x]! * gain;
      if (glare && glareAt) {
        // Flat at the centre, falling off steeply at the rim, as a lamp's reflection does.
        const reach = Math.hypot(x - glareAt.x, y - glareAt.y) / glare.radius;
        v += (GLARE_PEAK - v) * Math.exp(-(reach ** 4));
      }
      // Warm light: a little more red, a little less blue.
      const at = (y * width + x) * 3;
      // Past white (glare) is white: the array would wrap it round.
      lit[at] = Math.min(255, v * 1.03);
      lit[at + 1] = Math.min(255, v);
      lit[at + 2] = Math.min(255, v * 0.93);
    }
  }
  const blurred = await sharp(lit, { raw: { width, height, channels: 3 } })
    .blur(conditions.blur ?? BLUR_SIGMA)
    .raw()
    .toBuffer();
  for (let i = 0; i < blurred.length; i++)
    blurred[i] = Math.max(0, Math.min(255, blurred[i]! + NOISE_SIGMA * gaussian()));
  return sharp(blurred, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();
}

export async function photographedPage(
  conditions: Conditions = {},
  lines: readonly string[] = LETTER
): Promise<PhotographedPage> {
  const corners = pageCorners(conditions.pose);
  const jpeg = await photograph(await renderPage(lines), corners, conditions);
  return { jpeg, corners, text: lines.join('\n') };
}

/** The dark table with nothing on it, lit and noised as the pages are. */
export const emptyTable = (conditions: Conditions = {}) => photograph(undefined, [], conditions);

/*
 * A page sliding into view from the left and settling, a frame every 250 ms (reading with the
 * camera's pace): the empty table, the page cut off at the left, then nearly framed and still
 * moving a little, then still. Every frame has noise of its own, as a camera's do.
 */
export const SLIDE_IN_MS = 250;
const SLIDE_IN_POSES = [
  ...Array<number>(7).fill(-1200),
  -800,
  -700,
  -600,
  -500,
  -400,
  -300,
  -140,
  -120,
  -100,
  -80,
  -60,
  -40,
  -20,
  ...Array<number>(4).fill(0)
];
/** Index of the first frame at the page's resting place. */
export const SLIDE_IN_REST = SLIDE_IN_POSES.indexOf(0);

/** `count` camera frames of a page held still: the same pose, each frame with noise of its own. */
export async function stillFrames(conditions: Conditions, count = 4): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  for (let i = 0; i < count; i++) frames.push((await photographedPage({ ...conditions, seed: 1900 + i })).jpeg);
  return frames;
}

export const slideInFrame = (i: number) =>
  photographedPage({ pose: { dx: SLIDE_IN_POSES[i]!, rotate: 2 }, seed: 1800 + i });

export async function slideIn(): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  for (let i = 0; i < SLIDE_IN_POSES.length; i++) frames.push((await slideInFrame(i)).jpeg);
  return frames;
}
