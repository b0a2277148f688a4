import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { FakeIpfsKitApi, parquetType, provideFakeApi, s3Type } from '../test-support/fake-ipfs-kit-api.stub';
import { ServiceFormDialog, type ServiceFormDialogData } from './service-form-dialog';

describe(ServiceFormDialog.name, () => {
  let api: FakeIpfsKitApi;
  const close = jest.fn();

  async function render(data: ServiceFormDialogData) {
    TestBed.configureTestingModule({
      imports: [ServiceFormDialog],
      providers: [
        provideFakeApi(api),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    const fixture = TestBed.createComponent(ServiceFormDialog);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const input = (element: HTMLElement, field: string) =>
    element.querySelector<HTMLInputElement>(`[data-field="${field}"]`);
  const type = (el: HTMLInputElement | null, value: string) => {
    if (!el) throw new Error('no such input');
    el.value = value;
    el.dispatchEvent(new Event('input'));
  };

  beforeEach(() => {
    api = new FakeIpfsKitApi();
    close.mockReset();
  });

  it('renders a form from the type schema: secrets as password fields, required marks, defaults', async () => {
    const { fixture, element } = await render({ mode: 'add', types: [parquetType, s3Type], existingNames: [] });
    (fixture.componentInstance as unknown as { selectType(t: string): void }).selectType('s3');
    await fixture.whenStable();
    expect(input(element, 'secret_access_key')?.type).toBe('password');
    expect(input(element, 'bucket')?.required).toBe(true);
    expect(input(element, 'region')?.value).toBe('us-east-1');
    expect(input(element, 'name')?.value).toBe('s3');
  });

  it('adds a service with the typed config', async () => {
    const { fixture, element } = await render({ mode: 'add', types: [parquetType], existingNames: ['parquet'] });
    expect(input(element, 'name')?.value).toBe('parquet-2');
    type(input(element, 'path'), '/data/sales');
    element.querySelector<HTMLButtonElement>('[data-testid="save"]')?.click();
    await fixture.whenStable();
    expect(api.add).toHaveBeenCalledWith({
      name: 'parquet-2',
      type: 'parquet',
      config: { path: '/data/sales', recursive: true },
      start: true,
    });
    expect(close).toHaveBeenCalledWith(true);
  });

  it('configures with PATCH: a stored secret shows as set and is kept when left empty', async () => {
    const current = {
      name: 'backup',
      type: 's3',
      config: { bucket: 'old' },
      secrets: { secret_access_key: 'set' as const },
      version: '1.0',
      last_updated: null,
      age_s: 0,
      source: 'metadata' as const,
      stale: false,
      error: null,
      measured_at: null,
    };
    const { fixture, element } = await render({ mode: 'configure', type: s3Type, current });
    expect(input(element, 'secret_access_key')?.placeholder).toContain('leave empty to keep');
    type(input(element, 'bucket'), 'new');
    element.querySelector<HTMLButtonElement>('[data-testid="save"]')?.click();
    await fixture.whenStable();
    expect(api.patchConfig).toHaveBeenCalledWith('backup', { bucket: 'new' });
  });

  it('keeps the dialog open and shows the API message when saving fails', async () => {
    api.add.mockRejectedValue(new Error('Service "parquet" already exists'));
    const { fixture, element } = await render({ mode: 'add', types: [parquetType], existingNames: [] });
    type(input(element, 'path'), '/data');
    element.querySelector<HTMLButtonElement>('[data-testid="save"]')?.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('already exists');
    expect(close).not.toHaveBeenCalled();
  });
});
