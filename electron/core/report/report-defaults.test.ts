// report.export names the technician setting and the open site when the caller names neither (the UI's Export
// report sends neither), and what a caller names (the CLI's --technician and --site) still wins.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import type { CommissioningReport } from './report-data';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const report = async (input: { technician?: string; site?: string } = {}): Promise<CommissioningReport> =>
  JSON.parse((await h!.core.handlers['report.export']({ format: 'json', ...input })).text) as CommissioningReport;

describe('report defaults', () => {
  it('uses the technician setting and the open site unless the caller names them', async () => {
    // Sites are kept under their canonical name (store/site-dir.ts), the name app.info and the switcher show.
    h = await startHarness({ site: 'Store 42' });
    expect(await report()).toMatchObject({ site: 'store-42', technician: null });
    await h.core.handlers['settings.set']({ technician: 'A. Tech' });
    expect(await report()).toMatchObject({ site: 'store-42', technician: 'A. Tech' });
    expect(await report({ technician: 'B. Field', site: 'Store 43' })).toMatchObject({ site: 'Store 43', technician: 'B. Field' });
    const html = (await h.core.handlers['report.export']({ format: 'html' })).text;
    expect(html).toContain('Site: <strong>store-42</strong>');
    expect(html).toContain('Technician: <strong>A. Tech</strong>');
  });

  it('shows no site when none is open or named', async () => {
    h = await startHarness();
    expect((await report()).site).toBeNull();
  });
});
