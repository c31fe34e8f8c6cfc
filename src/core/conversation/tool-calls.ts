import type { ConversationItem, ConversationItemCreateEvent } from 'openai/resources/realtime/realtime';
import { runLive, type LiveToolCallback } from './live-tool';
import { lookReply, parseLookArguments, runLook, type LookCallback } from './look';

interface ToolCall {
  responseId: string;
  callId: string;
  name: string;
  /** The user turn it belongs to; if the user has moved on, the answer is not asked for. */
  turn: number;
  /** What goes back to the model for it, made while the response finishes. */
  work: Promise<ConversationItemCreateEvent[]>;
}

/** What goes back to the model once a response's calls are done. */
export interface ToolReplies {
  /** Each call's output (and picture), in order. */
  events: ConversationItemCreateEvent[];
  /** The user turn each call belonged to. */
  turns: number[];
}

/**
 * The model's function calls on one connection: `look`, which takes a fresh picture, and
 * `live_description`, which starts, stops or reports live description of the camera.
 */
export class ToolCalls {
  private calls: ToolCall[] = [];

  constructor(
    private readonly look: LookCallback | undefined,
    private readonly live?: LiveToolCallback
  ) {}

  /** Calls whose replies are not sent yet. */
  get pending(): boolean {
    return this.calls.length > 0;
  }

  /** A function call the model made, in user turn `turn`. False when it is no call or a known one. */
  add(responseId: string, item: ConversationItem, turn: number): boolean {
    if (item.type !== 'function_call' || !item.call_id) return false;
    if (this.calls.some((c) => c.callId === item.call_id)) return false;
    // The work starts now (a capture, say), while the response finishes, to save time.
    const { call_id: callId, name, arguments: args } = item;
    this.calls.push({ responseId, callId, name, turn, work: this.work(callId, name, args) });
    return true;
  }

  /**
   * The response that made the calls is done. Completed: their replies, once every call's work is;
   * otherwise the calls are dropped. Undefined when the response made none.
   */
  settle(responseId: string, status: string): Promise<ToolReplies> | undefined {
    const calls = this.calls.filter((c) => c.responseId === responseId);
    if (calls.length === 0) return undefined;
    if (status !== 'completed') {
      this.calls = this.calls.filter((c) => c.responseId !== responseId);
      return undefined;
    }
    return this.replies(calls);
  }

  /** A new connection: it knows none of the old one's calls. */
  reset(): void {
    this.calls = [];
  }

  private async work(callId: string, name: string, args: string): Promise<ConversationItemCreateEvent[]> {
    if (name === 'look') return lookReply(callId, await runLook(this.look, parseLookArguments(args)));
    if (name === 'live_description') return [output(callId, await runLive(this.live, args))];
    return [output(callId, `There is no tool called ${name}.`)];
  }

  private async replies(calls: ToolCall[]): Promise<ToolReplies> {
    const events = (await Promise.all(calls.map((c) => c.work))).flat();
    this.calls = this.calls.filter((c) => !calls.includes(c));
    return { events, turns: calls.map((c) => c.turn) };
  }
}

function output(callId: string, text: string): ConversationItemCreateEvent {
  return { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output: text } };
}
