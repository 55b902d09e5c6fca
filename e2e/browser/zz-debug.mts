import { startStack } from './stack';
import { readySite } from './setup-site';
const stack = await startStack({ site: { hosts: 3 } });
try {
  const [leader, a] = await readySite(stack);
  await stack.ui.makeLeader(leader!);
  const tok = stack.ui.token(leader!);
  await tok.waitFor({ timeout: 10000 });
  console.log('count', await tok.count(), 'visible', await tok.isVisible(), await tok.boundingBox());
  await stack.page.screenshot({ path: '/tmp/prof/leader.png' });
  try { await tok.dragTo(stack.ui.card(a!), { timeout: 5000 }); console.log('drag ok'); } catch (e) { console.log('drag fail', (e as Error).message.slice(0, 600)); }
  await stack.page.waitForTimeout(1000);
  await stack.page.screenshot({ path: '/tmp/prof/afterdrag.png' });
} finally { await stack.close(); }
