import { TestBed } from '@angular/core/testing';
import type { ServiceAction } from '../core/ipfs-kit-api';
import { summary } from '../test-support/fake-ipfs-kit-api.stub';
import { RunButtons } from './run-buttons';

describe(RunButtons.name, () => {
  async function render(service: ReturnType<typeof summary>, busy = false) {
    TestBed.configureTestingModule({ imports: [RunButtons] });
    const fixture = TestBed.createComponent(RunButtons);
    const emitted: ServiceAction[] = [];
    fixture.componentRef.setInput('service', service);
    fixture.componentRef.setInput('busy', busy);
    fixture.componentInstance.action.subscribe((action) => emitted.push(action));
    await fixture.whenStable();
    const buttons = [...(fixture.nativeElement as HTMLElement).querySelectorAll('button')];
    return { buttons, emitted };
  }

  it('offers Stop and Restart while the service runs or is meant to, and tells which was pressed', async () => {
    const { buttons, emitted } = await render(summary('a', { status: 'stopped', desired_state: 'started' }));
    expect(buttons.map((button) => [button.dataset['action'], button.textContent?.trim()])).toEqual([
      ['stop', 'Stop'],
      ['restart', 'Restart'],
    ]);
    buttons[1].click();
    expect(emitted).toEqual(['restart']);
  });

  it('offers Start otherwise, disabled for an unsupported type; every button is disabled while busy', async () => {
    const stopped = { status: 'stopped', desired_state: 'stopped' } as const;
    const { buttons } = await render(summary('a', { ...stopped, supported: false }));
    expect(buttons.map((button) => [button.dataset['action'], button.disabled])).toEqual([['start', true]]);
    TestBed.resetTestingModule();
    expect((await render(summary('b', stopped))).buttons[0].disabled).toBe(false);
    TestBed.resetTestingModule();
    expect((await render(summary('c'), true)).buttons.every((button) => button.disabled)).toBe(true);
  });
});
