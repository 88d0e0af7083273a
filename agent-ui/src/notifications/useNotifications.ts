// Unread mentions, view counts, browser notifications and the sound toggle.
// Notifications fire for new conversations and for messages on conversations
// assigned to me, and for @mentions — never for my own messages.
import { useCallback, useEffect, useRef, useState } from 'react';
import { notifications as api, views, type ViewCounts } from '../api/endpoints';
import type { MentionNotification } from '../api/types';
import { realtime } from '../realtime/socket';

const SOUND_KEY = 'sb.sound';

function readSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

let audio: AudioContext | null = null;
/** A short two-tone chime synthesised on the fly, so there is no asset to load. */
function chime(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    [880, 1320].forEach((freq, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio!.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.3);
    });
  } catch {
    /* audio blocked until the first user gesture; silence is fine */
  }
}

export interface NotificationsState {
  counts: ViewCounts | null;
  mentions: MentionNotification[];
  unreadMentions: number;
  sound: boolean;
  toggleSound: () => void;
  permission: NotificationPermission | 'unsupported';
  requestPermission: () => void;
  markMentionsRead: () => void;
}

export function useNotifications(meId: string, labels: { newConversation: string; newMessage: string; mention: string }, openConversation: (id: string) => void): NotificationsState {
  const [counts, setCounts] = useState<ViewCounts | null>(null);
  const [mentions, setMentions] = useState<MentionNotification[]>([]);
  const [sound, setSound] = useState(readSound);
  const [permission, setPermission] = useState<NotificationsState['permission']>(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  const countTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const labelsRef = useRef(labels);
  labelsRef.current = labels;

  const refreshCounts = useCallback(() => {
    clearTimeout(countTimer.current);
    countTimer.current = setTimeout(() => void views.counts().then(setCounts).catch(() => undefined), 500);
  }, []);

  const loadMentions = useCallback(() => void api.list().then((r) => setMentions(r.items)).catch(() => undefined), []);

  useEffect(() => {
    refreshCounts();
    loadMentions();
  }, [refreshCounts, loadMentions]);

  useEffect(() => {
    const alert = (title: string, body: string, conversationId: string) => {
      if (soundRef.current) chime();
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
        const n = new Notification(title, { body, tag: conversationId });
        n.onclick = () => {
          window.focus();
          openConversation(conversationId);
        };
      }
    };
    const offs = [
      realtime.on('conversation.created', ({ conversation }) => {
        refreshCounts();
        if (!conversation.assigneeId || conversation.assigneeId === meId)
          alert(labelsRef.current.newConversation, conversation.contact?.name ?? '', conversation.id);
      }),
      realtime.on('conversation.updated', refreshCounts),
      realtime.on('message.created', ({ message, conversation }) => {
        refreshCounts();
        if (message.direction === 'incoming' && conversation?.assigneeId === meId)
          alert(labelsRef.current.newMessage, message.body.slice(0, 140), message.conversationId);
      }),
      realtime.on('notification.created', ({ notification }) => {
        setMentions((m) => [notification, ...m.filter((x) => x.id !== notification.id)]);
        alert(labelsRef.current.mention.replace('{name}', notification.authorName), notification.body.slice(0, 140), notification.conversationId);
      }),
      realtime.on('resync', () => {
        refreshCounts();
        loadMentions();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [meId, refreshCounts, loadMentions, openConversation]);

  const unreadMentions = mentions.filter((m) => !m.readAt).length;
  const totalUnread = (counts?.views.mine.unread ?? 0) + unreadMentions;
  useEffect(() => {
    document.title = totalUnread > 0 ? `(${totalUnread}) Switchboard` : 'Switchboard';
  }, [totalUnread]);

  return {
    counts,
    mentions,
    unreadMentions,
    sound,
    toggleSound: () => {
      const next = !sound;
      setSound(next);
      try {
        localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
      } catch {
        /* session-only preference */
      }
      if (next) chime();
    },
    permission,
    requestPermission: () => {
      if (typeof Notification === 'undefined') return;
      void Notification.requestPermission().then(setPermission);
    },
    markMentionsRead: () => {
      setMentions((m) => m.map((x) => ({ ...x, readAt: x.readAt ?? new Date().toISOString() })));
      void api.markRead().catch(() => undefined);
    },
  };
}
