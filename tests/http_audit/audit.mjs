// Runs the GraphQL-over-HTTP reference audit (graphql-http's serverAudits) against a
// running server:
//
//   npm ci && node audit.mjs http://127.0.0.1:8123/graphql
//
// Prints one line per audit: `PASS|FAIL|WARN <id> <name>`, followed for failures by
// the reason and the response's status and content-type. Failing MUST audits
// (status 'error') are FAIL and make the exit code 1; failing SHOULD audits ('warn')
// and MAY audits ('notice') are WARN and do not. An audit that cannot run at all
// (e.g. connection refused) is FAIL too.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

const LABEL = { ok: 'PASS', error: 'FAIL', warn: 'WARN', notice: 'WARN' };
const counts = { PASS: 0, FAIL: 0, WARN: 0 };

for (const audit of serverAudits({ url, fetchFn: fetch })) {
  let line;
  try {
    const result = await audit.fn();
    const label = LABEL[result.status] ?? 'FAIL';
    counts[label] += 1;
    line = `${label} ${audit.id} ${audit.name}`;
    if (result.status !== 'ok') {
      const res = result.response;
      const detail = res
        ? ` [HTTP ${res.status}, content-type: ${res.headers.get('content-type')}]`
        : '';
      line += `\n    reason: ${result.reason}${detail}`;
      // Avoid leaking unread response bodies.
      if (res?.body && !res.bodyUsed) await res.body.cancel().catch(() => {});
    }
  } catch (err) {
    // graphql-http rethrows anything that is not an assertion failure: fatal.
    counts.FAIL += 1;
    line = `FAIL ${audit.id} ${audit.name}\n    reason: audit could not run: ${err?.cause ?? err}`;
  }
  console.log(line);
}

console.log(`\n${counts.PASS} passed, ${counts.FAIL} failed (MUST), ${counts.WARN} warnings (SHOULD/MAY)`);
process.exit(counts.FAIL ? 1 : 0);
