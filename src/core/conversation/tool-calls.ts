import type { ConversationItem, ConversationItemCreateEvent } from 'openai/resources/realtime/realtime';
import { lookReply, parseLookArguments, runLook, type LookCallback, type LookOutcome } from './look';

interface ToolCall {
  responseId: string;
  callId: string;
  name: string;
  /** The user turn it belongs to; if the user has moved on, the answer is not asked for. */
  turn: number;
  work: Promise<LookOutcome | null>;
}

/** What goes back to the model once a response's calls are done. */
export interface ToolReplies {
  /** Each call's output (and picture), in order. */
  events: ConversationItemCreateEvent[];
  /** The user turn each call belonged to. */
  turns: number[];
}

/** The model's function calls on one connection: `look`, which takes a fresh picture, and no other. */
export class ToolCalls {
  private calls: ToolCall[] = [];

  constructor(private readonly look: LookCallback | undefined) {}

  /** Calls whose replies are not sent yet. */
  get pending(): boolean {
    return this.calls.length > 0;
  }

  /** A function call the model made, in user turn `turn`. False when it is no call or a known one. */
  add(responseId: string, item: ConversationItem, turn: number): boolean {
    if (item.type !== 'function_call' || !item.call_id) return false;
    if (this.calls.some((c) => c.callId === item.call_id)) return false;
    const work: Promise<LookOutcome | null> =
      item.name === 'look' ? runLook(this.look, parseLookArguments(item.arguments)) : Promise.resolve(null);
    // Capture starts now, while the response finishes, to save time.
    this.calls.push({ responseId, callId: item.call_id, name: item.name, turn, work });
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

  private async replies(calls: ToolCall[]): Promise<ToolReplies> {
    const outcomes = await Promise.all(calls.map((c) => c.work));
    this.calls = this.calls.filter((c) => !calls.includes(c));
    const events = calls.flatMap((call, i) => {
      const outcome = outcomes[i];
      return outcome ? lookReply(call.callId, outcome) : [unknownTool(call)];
    });
    return { events, turns: calls.map((c) => c.turn) };
  }
}

function unknownTool(call: ToolCall): ConversationItemCreateEvent {
  return {
    type: 'conversation.item.create',
    item: { type: 'function_call_output', call_id: call.callId, output: `There is no tool called ${call.name}.` }
  };
}
