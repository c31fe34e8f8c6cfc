import type { RealtimeFunctionTool } from 'openai/resources/realtime/realtime';

export const LIVE_ACTIONS = ['start', 'stop', 'status'] as const;
export type LiveAction = (typeof LIVE_ACTIONS)[number];

/** Runs a live-description action for the model; resolves to words for the model to pass on. */
export type LiveToolCallback = (action: LiveAction) => Promise<string>;

export const LIVE_TOOL: RealtimeFunctionTool = {
  type: 'function',
  name: 'live_description',
  description:
    'Live description of the camera: Lumen keeps looking and sends you a picture only when the scene changes. start: when the user asks you to keep describing or keep looking. stop: when they ask you to stop. status: when they ask what live description has sent or cost.',
  parameters: {
    type: 'object',
    properties: { action: { type: 'string', enum: [...LIVE_ACTIONS] } },
    required: ['action'],
    additionalProperties: false
  }
};

/** The model's arguments; undefined when they name no known action (nothing is started on a guess). */
export function parseLiveArguments(args: string): LiveAction | undefined {
  try {
    const action = (JSON.parse(args) as { action?: unknown })?.action;
    if (typeof action === 'string' && (LIVE_ACTIONS as readonly string[]).includes(action.trim().toLowerCase())) {
      return action.trim().toLowerCase() as LiveAction;
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** Runs the action; a failure becomes words for the model to say, never an exception. */
export async function runLive(live: LiveToolCallback | undefined, args: string): Promise<string> {
  if (!live) return 'Live description is not available here. Tell the user.';
  const action = parseLiveArguments(args);
  if (!action) return `Unknown action; use one of ${LIVE_ACTIONS.join(', ')}.`;
  try {
    return await live(action);
  } catch (error) {
    const message = error instanceof Error && error.message ? error.message : String(error);
    return `Live description could not ${action}: ${message} Tell the user this in plain words.`;
  }
}
