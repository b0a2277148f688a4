import type { IncomingMessage } from 'node:http';
import { foreignRequestReason } from './mcp-request-origin';

const OWN = ['http://127.0.0.1:8004', 'http://localhost:8004'];
const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('foreignRequestReason (DNS rebinding protection of /mcp)', () => {
  it('accepts the API own host names, with or without a port, and no Origin (non-browser clients)', () => {
    for (const host of ['127.0.0.1:8004', 'localhost:8004', 'localhost', '[::1]:8004']) {
      expect(foreignRequestReason(request({ host }), OWN, [], '127.0.0.1')).toBeNull();
    }
    expect(foreignRequestReason(request({ host: '127.0.0.1:8004', origin: 'http://127.0.0.1:8004' }), OWN, [], '127.0.0.1')).toBeNull();
  });

  it('refuses a foreign Host (a rebound DNS name) and a missing one', () => {
    expect(foreignRequestReason(request({ host: 'evil.example:8004' }), OWN, [], '127.0.0.1')).toMatch(/Host header "evil.example:8004"/);
    expect(foreignRequestReason(request({}), OWN, [], '127.0.0.1')).toMatch(/Host/);
  });

  it('refuses a foreign Origin, even on the same host name with another port', () => {
    expect(foreignRequestReason(request({ host: '127.0.0.1:8004', origin: 'http://evil.example' }), OWN, [], '127.0.0.1')).toMatch(/Origin "http:\/\/evil.example"/);
    expect(foreignRequestReason(request({ host: '127.0.0.1:8004', origin: 'http://127.0.0.1:3000' }), OWN, [], '127.0.0.1')).toMatch(/Origin/);
  });

  it('accepts the configured origins and their host names, and the configured listening host', () => {
    const configured = ['https://kit.example.org'];
    expect(foreignRequestReason(request({ host: 'kit.example.org', origin: 'https://kit.example.org' }), OWN, configured, '127.0.0.1')).toBeNull();
    expect(foreignRequestReason(request({ host: '10.0.0.5:8004' }), OWN, [], '10.0.0.5')).toBeNull();
    expect(foreignRequestReason(request({ host: '10.0.0.5:8004' }), OWN, [], '0.0.0.0')).toMatch(/Host/);
  });
});
