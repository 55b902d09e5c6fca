// The plans drawer's commands: check a plan, apply it, export the plan and the report, read the action log. Every
// failure shows as a notification in the technician's words (notify.ts); none throws into a component.
import type { ConsoleApi, ReportFormat, TaskView } from '../../../../shared/contract';
import { attempt, notifyInfo } from '../../ui/notify';
import { usePlansStore } from './plans-store';

export async function checkPlan(api: ConsoleApi, path: string): Promise<void> {
  const store = usePlansStore.getState();
  store.set({ planPath: path, checking: true, applied: null });
  const check = await attempt('The plan could not be checked', () => api['plan.check']({ path, prune: usePlansStore.getState().prune }));
  usePlansStore.getState().set({ checking: false, ...(check ? { check } : {}) });
}

export async function recheck(api: ConsoleApi): Promise<void> {
  const { planPath } = usePlansStore.getState();
  if (planPath) await checkPlan(api, planPath);
}

export async function applyPlan(api: ConsoleApi): Promise<void> {
  const { planPath, prune } = usePlansStore.getState();
  if (!planPath) return;
  usePlansStore.getState().set({ applying: true, applied: null });
  // Listening before the start: an apply with nothing to do may end before its id comes back.
  const ended = new Map<string, TaskView>();
  let wake: () => void = () => {};
  const off = api.on('tasks.ended', (task) => {
    ended.set(task.id, task);
    wake();
  });
  try {
    const started = await attempt('The plan could not be applied', () => api['plan.apply']({ path: planPath, prune }));
    if (!started) return;
    while (!ended.has(started.taskId)) await new Promise<void>((resolve) => (wake = resolve));
    const task = ended.get(started.taskId)!;
    const result = await attempt('The result of the apply could not be read', () => api['plan.result']({ taskId: started.taskId }));
    if (result) usePlansStore.getState().set({ applied: result, check: result.after ?? result.before });
    if (task.state === 'succeeded') notifyInfo('Plan applied', task.phase ?? 'The site matches the plan.', 'green');
  } finally {
    off();
    usePlansStore.getState().set({ applying: false });
  }
  await loadLog(api);
}

/** Hands a text to the person as a file to save (the browser's download, the desktop's save dialog). */
export function download(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');

export async function exportPlan(api: ConsoleApi): Promise<void> {
  const result = await attempt('The site could not be exported as a plan', () => api['plan.export']({}));
  if (result) download(result.text, `site-plan-${stamp()}.yaml`, 'application/yaml');
}

const MIME: Record<ReportFormat, string> = { html: 'text/html', json: 'application/json', csv: 'text/csv' };

/**
 * The name typed in the report panel, or undefined when it was left as the setting prefilled it: the core then
 * names the technician setting (and the open site), one default for the CLI, the UI and the PDF.
 */
function typedTechnician(): string | undefined {
  const typed = usePlansStore.getState().technician?.trim();
  return typed ? typed : undefined;
}

export async function exportReport(api: ConsoleApi, format: ReportFormat): Promise<void> {
  const technician = typedTechnician();
  const result = await attempt('The report could not be made', () => api['report.export']({ format, ...(technician ? { technician } : {}) }));
  if (result) download(result.text, `commissioning-report-${stamp()}.${format}`, MIME[format]);
}

/** Desktop app only: the main process prints the HTML report to PDF and asks where to save it. */
export async function saveReportPdf(api: ConsoleApi): Promise<void> {
  const technician = typedTechnician();
  const site = usePlansStore.getState().check?.site?.trim();
  const result = await attempt('The report could not be saved as PDF', () =>
    api['report.savePdf']({ ...(technician ? { technician } : {}), ...(site ? { site } : {}) }),
  );
  // A null path: the technician cancelled the save dialog, which needs no word.
  if (result?.path) notifyInfo('Report saved as PDF', result.path, 'green');
}

export async function loadLog(api: ConsoleApi): Promise<void> {
  usePlansStore.getState().set({ logLoading: true });
  const log = await attempt('The action log could not be read', () => api['log.list']({}));
  usePlansStore.getState().set({ logLoading: false, ...(log ? { log } : {}) });
}
