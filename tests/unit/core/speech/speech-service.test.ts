import { describe, expect, it } from 'vitest';
import type { StatusMessage, TextOutcome, TextUtterance } from '../../../../src/shared/contract';
import { DEFAULT_SETTINGS, type SpeechSettings } from '../../../../src/shared/settings';
import type { PlayerLink } from '../../../../src/core/speech/outputs';
import { SpeechService } from '../../../../src/core/speech/speech-service';
import { VoiceError, type AudioVoice, type SynthesisRequest } from '../../../../src/core/speech/voice';
import { AsyncQueue } from '../../../../src/core/util/async-queue';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A voice that makes one 10-sample block per word, after `delayMs`, and can fail on demand. */
class FakeVoice implements AudioVoice {
  calls: Array<{ text: string; at: number; done?: number }> = [];
  failOn?: (text: string, index: number) => VoiceError | undefined;
  constructor(
    readonly id: 'openai' | 'offline',
    private readonly delayMs = 0
  ) {}
  async *synthesize(req: SynthesisRequest) {
    const call = { text: req.text, at: Date.now() } as { text: string; at: number; done?: number };
    this.calls.push(call);
    const failure = this.failOn?.(req.text, this.calls.length - 1);
    await tick(this.delayMs);
    if (failure) throw failure;
    for (const _word of req.text.split(' ')) {
      if (req.signal.aborted) return;
      yield new Int16Array(10).fill(this.id === 'openai' ? 1 : 2);
    }
    call.done = Date.now();
  }
}

class FakePlayer implements PlayerLink {
  log: string[] = [];
  samples: number[] = [];
  pcm(id: number, s: Int16Array) {
    this.log.push(`pcm ${id}`);
    this.samples.push(...s);
  }
  end(id: number) {
    this.log.push(`end ${id}`);
  }
  skip(id: number) {
    this.log.push(`skip ${id}`);
  }
  stop() {
    this.log.push('stop');
  }
  pause() {
    this.log.push('pause');
  }
  resume() {
    this.log.push('resume');
  }
  async finished() {}
}

function setup(
  speech: Partial<SpeechSettings> = {},
  opts: { key?: boolean; textOutcome?: TextOutcome; openai?: FakeVoice } = {}
) {
  const openai = opts.openai ?? new FakeVoice('openai');
  const offline = new FakeVoice('offline');
  const player = new FakePlayer();
  const said: TextUtterance[] = [];
  const announced: StatusMessage[] = [];
  const controls: string[] = [];
  const service = new SpeechService({
    outputs: {
      player: () => player,
      text: {
        say: async (u) => {
          said.push(u);
          return opts.textOutcome ?? 'spoken';
        },
        control: (a) => void controls.push(a)
      }
    },
    settings: () => ({ ...DEFAULT_SETTINGS.speech, ...speech }),
    openaiVoice: async () => (opts.key === false ? undefined : openai),
    offlineVoice: () => offline,
    announce: (m) => void announced.push(m),
    earcon: () => {}
  });
  return { service, openai, offline, player, said, announced, controls };
}

describe('speech queue', () => {
  it('starts speaking the first sentence while the rest of the answer is still streaming', async () => {
    const { service, openai } = setup();
    const deltas = new AsyncQueue<string>();
    const { done } = service.speak(deltas, { kind: 'answer' });
    for (const d of ['The cup is ', 'on the left. ', 'It is ']) deltas.push(d);
    await tick(20);
    expect(openai.calls.map((c) => c.text)).toEqual(['The cup is on the left.']);
    deltas.push('blue.');
    deltas.end();
    await done;
    expect(openai.calls.map((c) => c.text)).toEqual(['The cup is on the left.', 'It is blue.']);
  });

  it('plays the first sentence without waiting for the second to arrive', async () => {
    const { service, player } = setup();
    const deltas = new AsyncQueue<string>();
    const { done } = service.speak(deltas);
    deltas.push('First sentence here. Sec');
    await tick(20);
    expect(player.log.filter((l) => l === 'pcm 1')).toHaveLength(3);
    deltas.end();
    await done;
  });

  it('asks for the next sentence while the current one is still downloading', async () => {
    const slow = new FakeVoice('openai', 30);
    const { service, player } = setup({}, { openai: slow });
    await service.speak('One two three. Four five six. Seven.').done;
    const [first, second] = slow.calls;
    expect(second!.at).toBeLessThan(first!.done!);
    expect(player.log.at(-1)).toBe('end 1');
  });

  it('stop silences the player, cancels the current answer and empties the queue', async () => {
    const { service, player } = setup();
    const deltas = new AsyncQueue<string>();
    const first = service.speak(deltas);
    const second = service.speak('Queued message.');
    deltas.push('Hello there. ');
    await tick(10);
    service.stop();
    await Promise.all([first.done, second.done]);
    expect(player.log).toContain('stop');
    expect(service.state()).toMatchObject({ speaking: false, queued: 0 });
    expect(player.log.filter((l) => l.startsWith('pcm 2'))).toEqual([]);
  });

  it('an urgent message interrupts; ordinary ones wait their turn', async () => {
    const { service, openai, player } = setup();
    const deltas = new AsyncQueue<string>();
    service.speak(deltas);
    const queued = service.speak('Ordinary.');
    deltas.push('A long answer begins. It goes on');
    await tick(10);
    const urgent = service.speak('Battery low.', { urgent: true });
    await urgent.done;
    await queued.done;
    expect(player.log).toContain('skip 1');
    expect(openai.calls.map((c) => c.text)).toEqual(['A long answer begins.', 'Battery low.', 'Ordinary.']);
  });

  it('remarks in one slot replace each other while waiting; the one being said finishes', async () => {
    const { service, openai } = setup();
    const deltas = new AsyncQueue<string>();
    const answer = service.speak(deltas, { kind: 'answer' });
    deltas.push('The answer begins. ');
    const first = service.speak('A cup appeared.', { slot: 'live' });
    const other = service.speak('Ordinary message.');
    const second = service.speak('Someone came in.', { slot: 'live' });
    // The replaced remark is settled at once: whoever waits for it is not left waiting.
    await first.done;
    expect(service.state().queued).toBe(2);
    deltas.end();
    await Promise.all([answer.done, other.done, second.done]);
    expect(openai.calls.map((c) => c.text)).toEqual(['The answer begins.', 'Ordinary message.', 'Someone came in.']);

    const said = service.speak('The door opened.', { slot: 'live' });
    await tick(0);
    const newer = service.speak('The door closed.', { slot: 'live' });
    await Promise.all([said.done, newer.done]);
    expect(openai.calls.slice(3).map((c) => c.text)).toEqual(['The door opened.', 'The door closed.']);
  });

  it('continues on the offline voice when the OpenAI voice fails mid-answer, and says so once', async () => {
    const { service, openai, offline, player, announced } = setup();
    openai.failOn = (_t, i) => (i >= 1 ? new VoiceError('The OpenAI voice refused the API key.', true) : undefined);
    await service.speak('First sentence. Second sentence. Third sentence.', { kind: 'answer' }).done;
    expect(openai.calls.map((c) => c.text)).toEqual(['First sentence.', 'Second sentence.', 'Third sentence.']);
    expect(offline.calls.map((c) => c.text)).toEqual([
      'The OpenAI voice refused the API key. Continuing with the offline voice.',
      'Second sentence.',
      'Third sentence.'
    ]);
    expect(announced).toEqual([
      { level: 'error', text: 'The OpenAI voice refused the API key. Continuing with the offline voice.', spoken: true }
    ]);
    expect(new Set(player.samples)).toEqual(new Set([1, 2]));
    // A permanent failure is not retried for the next answer.
    await service.speak('Next answer.').done;
    expect(openai.calls).toHaveLength(3);
    expect(offline.calls.at(-1)?.text).toBe('Next answer.');
  });

  it('uses the offline voice when there is no key, silently in automatic mode', async () => {
    const { service, offline, announced } = setup({}, { key: false });
    await service.speak('Hello.').done;
    expect(offline.calls.map((c) => c.text)).toEqual(['Hello.']);
    expect(announced).toEqual([]);
  });

  it('in screen-reader mode hands each sentence over once, in order', async () => {
    const { service, said, openai } = setup({ provider: 'screen-reader' });
    const deltas = new AsyncQueue<string>();
    const { done } = service.speak(deltas);
    for (const d of 'One. Two, three. Four? Five!'.match(/.{1,3}/gs)!) deltas.push(d);
    deltas.end();
    await done;
    expect(said.map((u) => [u.text, u.provider])).toEqual([
      ['One.', 'screen-reader'],
      ['Two, three.', 'screen-reader'],
      ['Four?', 'screen-reader'],
      ['Five!', 'screen-reader']
    ]);
    expect(openai.calls).toEqual([]);
  });

  it('falls back from a system voice that does not exist', async () => {
    const { service, offline, announced } = setup({ provider: 'system' }, { textOutcome: 'no-voice' });
    await service.speak('Hello there.').done;
    expect(offline.calls.map((c) => c.text)).toEqual([expect.stringContaining('no system voice'), 'Hello there.']);
    expect(announced[0]?.text).toContain('Continuing with the offline voice.');
  });

  it('repeats the last answer, spells and slows down the last sentence', async () => {
    const { service, openai } = setup();
    await service.speak('The code is AB1.', { kind: 'answer' }).done;
    service.repeat();
    service.spell();
    service.readSlowly();
    await service.speak('').done;
    const texts = openai.calls.map((c) => c.text);
    expect(texts.slice(0, 2)).toEqual(['The code is AB1.', 'The code is AB1.']);
    expect(texts.slice(2, -1).join(' ')).toBe(
      'capital T, h, e, space, c, o, d, e, space, i, s, space, capital A, capital B, 1, dot'
    );
    expect(texts.at(-1)).toBe('The code is AB1.');
  });

  it('says something when there is nothing to repeat, and speaks nothing for empty text', async () => {
    const { service, openai } = setup();
    await service.speak('   ').done;
    expect(openai.calls).toEqual([]);
    service.repeat();
    await service.speak('').done;
    expect(openai.calls.map((c) => c.text)).toEqual(['There is nothing to repeat yet.']);
  });

  it('pause and resume reach the player and the text voice', () => {
    const { service, player, controls } = setup();
    service.pause();
    expect(service.state().paused).toBe(true);
    service.resume();
    expect(player.log).toEqual(['pause', 'resume']);
    expect(controls).toEqual(['pause', 'resume']);
  });
});
