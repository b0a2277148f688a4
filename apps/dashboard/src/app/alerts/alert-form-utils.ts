/** "a, b c" -> ['a', 'b', 'c']; empty -> undefined (the API's "all"). */
export function nameList(text: string): string[] | undefined {
  const names = text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
  return names.length > 0 ? names : undefined;
}

/** Example configs per channel type, shown when the type is picked. */
export const CHANNEL_TEMPLATES: Record<string, Record<string, unknown>> = {
  webhook: { url: 'https://hooks.example.org/ipfs-kit', secret: '' },
  slack: { url: 'https://hooks.slack.com/services/...' },
  discord: { url: 'https://discord.com/api/webhooks/...' },
  mattermost: { url: 'https://mattermost.example.org/hooks/...' },
  ntfy: { url: 'https://ntfy.sh', topic: 'ipfs-kit-alerts' },
  email: { host: 'smtp.example.org', port: 587, username: '', password: '', from: 'ipfs-kit@example.org', to: ['ops@example.org'] },
  matrix: { homeserver_url: 'https://matrix.example.org', room_id: '!room:example.org', access_token: '' },
  alertmanager: { url: 'http://127.0.0.1:9093' },
};
