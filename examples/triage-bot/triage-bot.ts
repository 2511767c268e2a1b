// A triage bot: acknowledges every new alert whose rule matches a pattern, assigns it to the
// bot's own user and says why in a comment. Run it from cron or a scheduler with a token that
// has alerts:read and alerts:write.
//
//   SECAI_URL=… SECAI_TOKEN=secai_pat_… npm start -- '^sshd_'
import { Secai } from '@secai/sdk';

const pattern = new RegExp(process.argv[2] ?? '.');
const client = new Secai({ baseUrl: process.env.SECAI_URL ?? 'http://127.0.0.1:7070', token: process.env.SECAI_TOKEN ?? '' });
const me = await client.users.me();

let acknowledged = 0;
for await (const alert of client.alerts.list({ status: ['new'], limit: 100 })) {
  if (!alert.rule || !pattern.test(alert.rule)) continue;
  await client.alerts.update(alert.id, {
    status: 'acknowledged',
    assignee_id: me.id,
    comment: `Acknowledged by ${me.username}: rule ${alert.rule} matches ${pattern}`,
  });
  acknowledged++;
}
console.log(JSON.stringify({ acknowledged }));
