// Segment's Node library with its default settings, pointed at the server: node segment-node.mjs URL KEY
import { Analytics } from '@segment/analytics-node';
import { play, record } from './scenario.mjs';

const [url, writeKey] = process.argv.slice(2);
const analytics = new Analytics({ writeKey, host: url });
const errors = [];
analytics.on('error', (error) => errors.push(error));
await play({
  send: async (method, message) => {
    record(message);
    analytics[method](message);
  },
  close: () => analytics.closeAndFlush({ timeout: 20000 }),
}, 'segment-node');
if (errors.length > 0) {
  console.error(JSON.stringify(errors.map(String)));
  process.exit(1);
}
process.exit(0);
