// Export the commissioning report (html, json or csv) with the technician's name on it.
import { Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ReportFormat } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { runsInDesktopApp } from '../../bridge';
import { useSettingsStore } from '../../entities/settings/settings-store';
import { exportReport, saveReportPdf } from './actions';
import { usePlansStore } from './plans-store';

export function ReportPanel() {
  const api = useApi();
  const typed = usePlansStore((s) => s.technician);
  const saved = useSettingsStore((s) => s.settings?.technician ?? '');
  // Prefilled from the setting until edited here; the edit is for this session's reports only.
  const technician = typed ?? saved;
  const setTechnician = usePlansStore((s) => s.setTechnician);
  const [format, setFormat] = useState<ReportFormat>('html');
  const [busy, setBusy] = useState(false);
  const [savingPdf, setSavingPdf] = useState(false);
  // In a browser the page prints the exported HTML itself; only the desktop app has a main process to print to PDF.
  const [desktop] = useState(() => runsInDesktopApp());
  return (
    <Stack gap="md">
      <Text size="sm">
        The report lists every host with the certificate fingerprint it is pinned with, each group with its followers' link and health, each bundle with its
        sha256 as the host stores it and its sync, and the action log. The HTML form is one printable file with the site's topology.
      </Text>
      <TextInput
        label="Technician"
        description="Your name, as it appears on the report. Settings keep it for every report of this site."
        value={technician}
        onChange={(e) => setTechnician(e.currentTarget.value)}
        maxLength={100}
      />
      <Group gap="sm" align="flex-end">
        <SegmentedControl
          aria-label="Report format"
          value={format}
          onChange={(v) => setFormat(v as ReportFormat)}
          data={[
            { value: 'html', label: 'HTML' },
            { value: 'json', label: 'JSON' },
            { value: 'csv', label: 'CSV' },
          ]}
        />
        <Button
          loading={busy}
          onClick={() => {
            setBusy(true);
            void exportReport(api, format).finally(() => setBusy(false)); /* failures are shown by attempt() in actions.ts */
          }}
        >
          Export report
        </Button>
        {desktop && (
          <Button
            variant="default"
            loading={savingPdf}
            onClick={() => {
              setSavingPdf(true);
              void saveReportPdf(api).finally(() => setSavingPdf(false)); /* failures are shown by attempt() in actions.ts */
            }}
          >
            Save as PDF
          </Button>
        )}
      </Group>
    </Stack>
  );
}
