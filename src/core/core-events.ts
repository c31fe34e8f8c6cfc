import type { EventChannel, EventPayload } from '../shared/contract';
import { Events } from './util/events';

/** The contract's events, as core emits them: a payload that does not fit its channel does not compile. */
export type CoreEventMap = { [E in EventChannel]: (payload: EventPayload<E>) => void };
export type CoreEvents = Events<CoreEventMap>;
export type Emit = CoreEvents['emit'];
/** A listener to every event, with its channel: how hosts forward core's events to their windows. */
export type CoreListener = Parameters<CoreEvents['onAny']>[0];
