// The visit every client test plays: the same calls, in the same order, through a client's API.
// Each call is printed as a JSON line {"messageId", "at"} so the test can check stored timestamps.
export async function play(client, name) {
  const anonymousId = `${name}-anon-1`;
  const userId = `${name}-user-1`;
  const legacyId = `${name}-legacy-1`;
  const calls = [
    ['identify', { userId: legacyId, traits: { plan: 'legacy' } }],
    ['page', { anonymousId, name: 'Pricing', category: 'Docs',
      properties: { path: '/pricing', url: 'https://shop.example.com/pricing' } }],
    ['identify', { userId, anonymousId, traits: { email: `${name}@example.com`, name: 'Ann Example',
      age: 31, vip: true, address: { city: 'Utrecht', zip: '3511' } } }],
    ['track', { userId, event: 'Order Completed',
      properties: { total: 30.5, currency: 'EUR', items: [{ sku: 'A-1', qty: 2 }], shipping: { method: 'express' } } }],
    ['alias', { userId, previousId: legacyId }],
    ['group', { userId, groupId: 'acme', traits: { name: 'Acme Inc', employees: 50 } }],
    ['group', { userId, groupId: 'globex', traits: { name: 'Globex' } }],
  ];
  let n = 0;
  for (const [method, message] of calls) {
    message.messageId = `${name}-${++n}-${method}`;
    await client.send(method, message);
  }
  // A re-send: the order again, with the same message id.
  await client.send('track', { ...calls[3][1], messageId: `${name}-4-track` });
  await client.close();
}

export function record(message) {
  process.stdout.write(JSON.stringify({ messageId: message.messageId, at: new Date().toISOString() }) + '\n');
}
