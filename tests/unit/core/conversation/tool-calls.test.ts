import type { ConversationItem } from 'openai/resources/realtime/realtime';
import { describe, expect, it } from 'vitest';
import type { LookSource } from '../../../../src/core/conversation';
import { ToolCalls } from '../../../../src/core/conversation/tool-calls';

const call = (callId: string, name = 'look', args = '{"source":"screen"}'): ConversationItem => ({
  type: 'function_call',
  call_id: callId,
  name,
  arguments: args
});

/** A capture the test finishes when it likes. */
function pendingLook() {
  const asked: LookSource[] = [];
  let finish: (jpeg: Uint8Array) => void = () => {};
  const look = (source: LookSource) => {
    asked.push(source);
    return new Promise<Uint8Array>((resolve) => (finish = resolve));
  };
  return { look, asked, finish: (jpeg: Uint8Array) => finish(jpeg) };
}

describe('ToolCalls', () => {
  it('starts the capture as soon as the model asks, and replies with the picture once the response is done', async () => {
    const camera = pendingLook();
    const tools = new ToolCalls(camera.look);
    expect(tools.add('r1', call('c1'), 3)).toBe(true);
    expect(camera.asked).toEqual(['screen']);
    expect(tools.pending).toBe(true);

    const replies = tools.settle('r1', 'completed')!;
    camera.finish(new Uint8Array([0xff, 0xd8, 0xff]));
    const { events, turns } = await replies;
    expect(turns).toEqual([3]);
    expect(events.map((e) => e.item.type)).toEqual(['function_call_output', 'message']);
    expect(events[0]!.item).toMatchObject({ call_id: 'c1', output: expect.stringContaining('screen') });
    expect(JSON.stringify(events[1])).toContain('data:image/jpeg;base64,/9j/');
    expect(tools.pending).toBe(false);
  });

  it('answers a tool it does not know, and a capture that failed, in words for the model', async () => {
    const tools = new ToolCalls(async () => {
      throw new Error('The camera is not connected.');
    });
    tools.add('r1', call('c1', 'look', '{"source":"camera"}'), 1);
    tools.add('r1', call('c2', 'weather'), 1);
    const { events } = await tools.settle('r1', 'completed')!;
    expect(events.map((e) => e.item)).toEqual([
      {
        type: 'function_call_output',
        call_id: 'c1',
        output: expect.stringContaining('The camera is not connected.')
      },
      { type: 'function_call_output', call_id: 'c2', output: 'There is no tool called weather.' }
    ]);
  });

  it('says looking is not available when the host offers no capture', async () => {
    const tools = new ToolCalls(undefined);
    tools.add('r1', call('c1'), 1);
    const { events } = await tools.settle('r1', 'completed')!;
    expect(events[0]!.item).toMatchObject({ output: expect.stringContaining('Looking is not available here.') });
  });

  it('takes each call once, and only function calls', () => {
    const tools = new ToolCalls(async () => new Uint8Array([1]));
    expect(tools.add('r1', call('c1'), 1)).toBe(true);
    expect(tools.add('r1', call('c1'), 1)).toBe(false);
    expect(tools.add('r1', { type: 'function_call', name: 'look', arguments: '{}' }, 1)).toBe(false);
    expect(tools.add('r1', { type: 'message', role: 'assistant', content: [] }, 1)).toBe(false);
  });

  it('drops the calls of a response that did not complete', () => {
    const tools = new ToolCalls(async () => new Uint8Array([1]));
    tools.add('r1', call('c1'), 1);
    tools.add('r2', call('c2'), 1);
    expect(tools.settle('r1', 'cancelled')).toBeUndefined();
    expect(tools.pending).toBe(true);
    expect(tools.settle('r2', 'incomplete')).toBeUndefined();
    expect(tools.pending).toBe(false);
    expect(tools.settle('r3', 'completed')).toBeUndefined();
  });

  it('forgets every call on a new connection', () => {
    const tools = new ToolCalls(async () => new Uint8Array([1]));
    tools.add('r1', call('c1'), 1);
    tools.reset();
    expect(tools.pending).toBe(false);
    expect(tools.settle('r1', 'completed')).toBeUndefined();
  });
});
