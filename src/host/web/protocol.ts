import { z } from 'zod';

/** JSON envelopes the browser shim may send over the web host's WebSocket (see frames.ts for binary). */
export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('invoke'), id: z.number().int().nonnegative(), channel: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('stream-open'), sid: z.number().int().min(1).max(0xffff), channel: z.string() }),
  z.object({ t: z.literal('stream-close'), sid: z.number().int().min(1).max(0xffff) })
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
