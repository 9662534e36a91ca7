// RudderStack's Node SDK with its default settings (gzip on), pointed at the server:
// node rudder-node.mjs URL KEY
import Analytics from '@rudderstack/rudder-sdk-node';
import { play, record } from './scenario.mjs';

const [url, writeKey] = process.argv.slice(2);
const errors = [];
const client = new Analytics(writeKey, { dataPlaneUrl: url, errorHandler: (error) => errors.push(error) });
await play({
  send: async (method, message) => {
    record(message);
    client[method](message);
  },
  close: () => client.flush(),
}, 'rudder-node');
if (errors.length > 0) {
  console.error(JSON.stringify(errors.map(String)));
  process.exit(1);
}
process.exit(0);
