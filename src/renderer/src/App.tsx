import { useCallback, useEffect, useRef, useState } from 'react';
import type { SetupStatus, SpeechState } from '../../shared/contract';
import type { Settings, ShortcutAction } from '../../shared/settings';
import { AnnouncerProvider, useAnnouncer } from './announcer';
import { useAppearance } from './appearance';
import { stopEverything } from './commands';
import { HomeScreen } from './screens/HomeScreen';
import { HelpScreen } from './screens/HelpScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import type { SettingsPage } from './screens/settings-pages';
import { SpeechLog } from './components/SpeechLog';
import { StatusLog } from './components/StatusLog';
import { UpdateNotice } from './components/UpdateNotice';
import { startSpeechOutput } from './speech/speech-output';
import { AskBeforeDialog } from './capture/AskBeforeDialog';
import { RegionSelector } from './capture/RegionSelector';
import { useDescribe, type DescribeSource } from './capture/useDescribe';
import { useReading, type ReadTarget } from './capture/useReading';
import { useConversation } from './conversation/useConversation';
import { useLive } from './capture/useLive';
import { useCameraReading } from './capture/useCameraReading';
import { useWatch } from './capture/useWatch';
import { hostInfo } from './host-info';
import { hotkeyCaught } from './setup/hotkey-catcher';
import { SetupLauncher } from './setup/RunSetupAgain';
import { SetupScreen } from './setup/SetupScreen';

type Screen = 'home' | 'help' | 'settings';

const SCREENS: Array<[Screen, string]> = [
  ['home', 'Home'],
  ['help', 'Keys'],
  ['settings', 'Settings']
];

export function App() {
  return (
    <AnnouncerProvider>
      <Shell />
    </AnnouncerProvider>
  );
}

function Shell() {
  const { announce } = useAnnouncer();
  const [screen, setScreen] = useState<Screen>('home');
  const [settings, setSettings] = useState<Settings | null>(null);
  const [settingsPage, setSettingsPage] = useState<SettingsPage>('key');
  const [platform, setPlatform] = useState('');
  const [globalHotkeys, setGlobalHotkeys] = useState(false);
  const [speech, setSpeech] = useState<SpeechState | null>(null);
  const [askingBefore, setAskingBefore] = useState(false);
  const describer = useDescribe(settings);
  const { describe } = describer;
  const reading = useReading();
  const { read, navigate } = reading;
  const conversation = useConversation(settings);
  const live = useLive(settings);
  const cameraReading = useCameraReading(settings);
  const { toggle: toggleCameraReading } = cameraReading;
  const watch = useWatch();
  useAppearance(settings?.appearance);
  const { toggle: toggleConversation } = conversation;
  const { toggle: toggleLive } = live;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  // Null until core says whether setup is done: a first run never shows the home screen first.
  const [setup, setSetup] = useState<SetupStatus | null>(null);
  const inSetup = setup !== null && !setup.done;
  const shown = setup === null ? null : inSetup ? 'setup' : screen;
  const leftSetup = useRef(false);

  const runCommand = useCallback(
    (action: ShortcutAction) => {
      const lumen = window.lumen;
      if (action === 'showLumen') return;
      if (action === 'stop') return void stopEverything(announce);
      if (action === 'repeatLast') return void lumen.speech.control({ action: 'repeat' });
      const sources: Partial<Record<ShortcutAction, DescribeSource>> = {
        describeScreen: 'screen',
        describeWindow: 'window',
        describeRegion: 'region',
        describeCamera: 'camera'
      };
      const source = sources[action];
      if (source) return void describe(source);
      if (action === 'askBefore') return setAskingBefore(true);
      const readTargets: Partial<Record<ShortcutAction, ReadTarget>> = {
        readScreenText: 'screen',
        readWindowText: 'window',
        readRegionText: 'region'
      };
      const target = readTargets[action];
      if (target) return void read(target);
      if (action === 'talk') return toggleConversation();
      if (action === 'liveDescription') return toggleLive();
      if (action === 'readWithCamera') return toggleCameraReading();
      if (action === 'nextLine') return void navigate('next-line');
      if (action === 'previousLine') return void navigate('previous-line');
      if (action === 'moreDetail') {
        return void lumen.describe.more().then((r) => {
          if (!r.ok) announce(r.error.message, 'assertive');
        });
      }
    },
    [announce, describe, read, navigate, toggleConversation, toggleLive, toggleCameraReading]
  );

  useEffect(() => {
    const stopped = startSpeechOutput((problem) => announce(problem, 'assertive'));
    return () => void stopped.then((stop) => stop());
  }, [announce]);

  useEffect(() => {
    const lumen = window.lumen;
    void hostInfo().then((info) => {
      if (!info) return;
      setPlatform(info.platform);
      setGlobalHotkeys(info.capabilities.globalHotkeys);
    });
    void lumen.settings.get().then((r) => {
      if (r.ok) setSettings(r.value);
      else announce(`Lumen could not load its settings: ${r.error.message}`, 'assertive');
    });
    const offs = [
      lumen.on('status', (m) => announce(m.text, m.level === 'error' ? 'assertive' : 'polite', { live: !m.spoken })),
      lumen.on('speech.state', setSpeech),
      lumen.on('settings.changed', setSettings)
    ];
    return () => offs.forEach((off) => off());
  }, [announce]);

  // Apart from the loading above: runCommand changes with the settings, and asking for them again
  // each time would loop (new settings, new runCommand, asked again), keeping the page busy.
  useEffect(
    () => window.lumen.on('shortcut.triggered', ({ action }) => hotkeyCaught(action) || runCommand(action)),
    [runCommand]
  );

  useEffect(() => {
    void window.lumen.setup.get().then((r) => setSetup(r.ok ? r.value : { done: true, step: 'key', completed: [] }));
  }, []);

  // Leaving setup lands on the home screen's heading.
  useEffect(() => {
    if (inSetup || !leftSetup.current) return;
    leftSetup.current = false;
    headingRef.current?.focus();
  }, [inSetup]);

  // Moving focus to the new screen's heading tells screen-reader users where they are.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [screen]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (inSetup && e.key !== 'Escape') return;
      if ((e.ctrlKey || e.metaKey) && e.key === ',') {
        e.preventDefault();
        setScreen('settings');
      } else if ((e.ctrlKey || e.metaKey) && e.key === '/') {
        e.preventDefault();
        setScreen('help');
      } else if (e.key === 'Escape' && !e.defaultPrevented) {
        // Escape silences Lumen first; pressed again (or when quiet) it goes back home.
        if (speech?.speaking) void stopEverything(announce);
        else if (screen !== 'home') setScreen('home');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screen, speech, announce, inSetup]);

  return (
    <SetupLauncher value={setSetup}>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <span className="app-name" aria-hidden="true">
          Lumen
        </span>
        {!inSetup && (
          <nav aria-label="Lumen">
            {SCREENS.map(([id, label]) => (
              <button
                key={id}
                type="button"
                aria-current={screen === id ? 'page' : undefined}
                onClick={() => setScreen(id)}
              >
                {label}
              </button>
            ))}
          </nav>
        )}
        <button
          type="button"
          className="stop-button"
          aria-keyshortcuts="Escape"
          onClick={() => void stopEverything(announce)}
        >
          Stop
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {shown === 'setup' && setup && (
          <SetupScreen
            status={setup}
            settings={settings}
            onSettings={setSettings}
            platform={platform}
            globalHotkeys={globalHotkeys}
            onDone={() => {
              leftSetup.current = true;
              setScreen('home');
              setSetup({ ...setup, done: true });
            }}
          />
        )}
        {shown === 'home' && (
          <HomeScreen
            headingRef={headingRef}
            settings={settings}
            platform={platform}
            speech={speech}
            onCommand={runCommand}
            onOpenKeySettings={() => {
              setSettingsPage('key');
              setScreen('settings');
            }}
            guard={describer.guarded?.message ?? null}
            onSendAnyway={describer.sendAnyway}
            reading={{ ...reading, camera: cameraReading }}
            conversation={conversation}
            live={live}
            watch={watch}
          />
        )}
        {shown === 'help' && (
          <HelpScreen headingRef={headingRef} settings={settings} platform={platform} globalHotkeys={globalHotkeys} />
        )}
        {shown === 'settings' && (
          <SettingsScreen
            headingRef={headingRef}
            settings={settings}
            onSettings={setSettings}
            platform={platform}
            page={settingsPage}
            onPage={setSettingsPage}
          />
        )}
        <UpdateNotice />
        <StatusLog />
      </main>
      <SpeechLog />
      {describer.regionShot && (
        <RegionSelector
          bitmap={describer.regionShot}
          onChoose={(region) => void describer.chooseRegion(region)}
          onClose={describer.closeRegion}
        />
      )}
      {reading.regionShot && (
        <RegionSelector
          bitmap={reading.regionShot}
          purpose="read"
          onChoose={(region) => void reading.chooseRegion(region)}
          onClose={reading.closeRegion}
        />
      )}
      {watch.regionShot && (
        <RegionSelector
          bitmap={watch.regionShot}
          purpose="watch"
          onChoose={watch.chooseRegion}
          onClose={watch.cancelRegion}
        />
      )}
      {askingBefore && (
        <AskBeforeDialog
          onAsk={(source, question) => {
            setAskingBefore(false);
            void describe(source, question);
          }}
          onClose={() => setAskingBefore(false)}
        />
      )}
    </SetupLauncher>
  );
}
