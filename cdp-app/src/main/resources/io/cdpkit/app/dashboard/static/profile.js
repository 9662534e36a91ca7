// One customer's page: identifiers with the main-identifier star, consent to edit, linked
// (merged) customers to unmerge, a merge by search, segments and groups, the filtered timeline.
'use strict';

const CONSENT_CHANNELS = ['email', 'sms', 'whatsapp', 'push'];
// What the last action did, shown once the page has drawn again.
let profileMessage = '';

async function profile(id) {
  const data = await api('/api/profiles/' + encodeURIComponent(id));
  const status = statusLine('profile-status');
  if (profileMessage) status.ok(profileMessage);
  profileMessage = '';
  const act = async (path, body, message) => {
    try {
      const answer = await post('/api/profiles/' + encodeURIComponent(data.id) + '/' + path, body);
      profileMessage = message;
      if (answer.id !== id) location.hash = '#/profile/' + encodeURIComponent(answer.id);
      else await profile(id);
    } catch (error) {
      status.fail(error);
    }
  };

  const attributes = el('table', { id: 'attributes' }, el('tbody', {}, ...Object.entries(data.attributes).map(
    ([name, value]) => el('tr', {}, el('th', { text: name }),
      el('td', { text: typeof value === 'string' ? value : JSON.stringify(value) })))));

  const identifiers = table(['', 'Type', 'Value', 'Deliverable', 'Last seen'], data.identifiers, (row, column) => {
    if (column === '') {
      return row.main ? el('span', { class: 'star', title: 'main ' + row.type, text: '\u2605' })
        : el('button', { class: 'star-button', title: 'make main ' + row.type, text: '\u2606', on: { click: () =>
          act('main-identifier', { type: row.type, value: row.value }, row.value + ' is now the main ' + row.type) } });
    }
    if (column === 'Deliverable') return row.deliverable ? 'yes' : 'no';
    return { Type: row.type, Value: row.value, 'Last seen': row.lastSeen }[column];
  });

  const consentByChannel = {};
  for (const consent of data.consents) consentByChannel[consent.channel] = consent;
  const consents = table(['Channel', 'Status', 'Since', 'Source', ''],
    [...new Set([...CONSENT_CHANNELS, ...Object.keys(consentByChannel)])], (channel, column) => {
      const consent = consentByChannel[channel];
      if (column === 'Channel') return channel;
      if (column === 'Status') return consent ? consent.status : 'unknown';
      if (column === 'Since') return consent ? consent.at : '';
      if (column === 'Source') return consent ? consent.source : '';
      return el('span', { dataset: { channel } },
        el('button', { text: 'Grant', class: 'grant', disabled: consent && consent.status === 'granted',
          on: { click: () => act('consent', { channel, status: 'granted' }, channel + ' consent granted') } }),
        el('button', { text: 'Deny', class: 'deny', disabled: consent && consent.status === 'denied',
          on: { click: () => act('consent', { channel, status: 'denied' }, channel + ' consent denied') } }));
    });

  const linked = data.linked.length === 0 ? el('p', { class: 'note', text: 'No linked customers.' })
    : table(['Customer', 'Identifiers', 'Merged', 'By', ''], data.linked, (row, column) => ({
      Customer: row.name, Identifiers: row.identifiers.join(', '), Merged: row.mergedAt, By: row.by,
      '': el('button', { class: 'unmerge', text: 'Unmerge', on: { click: () =>
        act('unmerge', { profile: row.id }, row.name + ' was taken back out') } }),
    })[column]);
  linked.id = 'linked';

  const mergeSearch = input('merge-q', '', { id: 'merge-search', placeholder: 'name, email or phone prefix' });
  const mergeResults = el('div', { id: 'merge-results' });
  const mergeForm = el('form', { class: 'toolbar', on: { submit: async event => {
    event.preventDefault();
    try {
      const page = await api('/api/profiles?' + new URLSearchParams({ q: mergeSearch.value, limit: '10', columns: '$identifier.email' }));
      const others = page.rows.map((row, i) => ({ id: row[0], name: page.names[i], email: row[1] }))
        .filter(other => other.id !== data.id);
      mergeResults.replaceChildren(others.length === 0 ? el('p', { class: 'note', text: 'Nobody found.' })
        : table(['Customer', 'Email', ''], others, (other, column) => ({
          Customer: other.name, Email: other.email,
          '': el('button', { class: 'merge', text: 'Merge with ' + data.name, on: { click: () =>
            act('merge', { with: other.id }, other.name + ' was merged') } }),
        })[column]));
    } catch (error) {
      status.fail(error);
    }
  } } }, mergeSearch, el('button', { type: 'submit', id: 'merge-find', text: 'Find' }));

  const predictions = predictionsOf(data.predictions);

  const types = await eventTypes();
  const timelineBox = el('div', { id: 'timeline' });
  const timelineForm = el('form', { class: 'toolbar', id: 'timeline-filter' },
    labelled('Type', select('type', [['', 'all types'], ...types], '')),
    labelled('From', input('from', '', { type: 'date' })),
    labelled('to', input('to', '', { type: 'date' })),
    el('button', { type: 'submit', text: 'Show' }));
  const drawTimeline = events => timelineBox.replaceChildren(events.length === 0
    ? el('p', { class: 'note', text: 'No events.' })
    : table(['When', 'Type', 'Source', 'Properties'], events, (event, column) => ({
      When: event.timestamp, Type: event.type, Source: event.source,
      Properties: Object.entries(event.properties).map(([k, v]) => k + ': ' + (typeof v === 'string' ? v : JSON.stringify(v))).join(', '),
    })[column]));
  timelineForm.addEventListener('submit', async event => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of ['type', 'from', 'to']) {
      const value = timelineForm.elements.namedItem(name).value;
      if (value) params.set(name, value);
    }
    try {
      drawTimeline(await api('/api/profiles/' + encodeURIComponent(data.id) + '/timeline?' + params));
    } catch (error) {
      timelineBox.replaceChildren(errorBox(error));
    }
  });
  drawTimeline(data.timeline);

  show(
    el('h2', { id: 'profile-name', text: data.name }),
    el('p', { class: 'note', text: 'Customer since ' + data.createdAt + ', updated ' + data.updatedAt + ' \u00b7 id ' + data.id }),
    status,
    el('div', { class: 'columns' },
      el('section', {}, el('h3', { text: 'Attributes' }), attributes),
      el('section', {}, el('h3', { text: 'Identifiers' }), identifiers,
        el('h3', { text: 'Consent' }), consents,
        el('h3', { text: 'Predictions' }), predictions,
        el('h3', { text: 'Segments and groups' }),
        el('ul', { id: 'profile-segments' }, ...data.segments.map(s => el('li', { text: s })),
          ...data.groups.map(g => el('li', { text: 'group ' + g }))))),
    el('h3', { text: 'Linked customers' }), linked,
    el('h3', { text: 'Merge with another customer' }), mergeForm, mergeResults,
    el('h3', { text: 'Timeline' }), timelineForm, timelineBox);
}

// Order likelihood, expected orders, time to next order, predicted value, engagement and winback
// zone from the latest fit, with its time; without predictions, why.
function predictionsOf(p) {
  const fitted = p.fittedAt ? 'Fitted ' + p.fittedAt + ' over ' + p.customers + ' customers.' : '';
  if (!p.available) {
    return el('div', { id: 'predictions' }, el('p', { class: 'note', id: 'predictions-reason', text: p.reason }),
      fitted ? el('p', { class: 'note', text: fitted }) : el('span'));
  }
  const days = ' (' + p.horizonDays + ' days)';
  const percent = value => (value * 100).toFixed(1) + ' %';
  const rows = [
    ['Order likelihood' + days, 'orderLikelihood', percent(p.orderLikelihood)],
    ['Expected orders' + days, 'expectedOrders', p.expectedOrders.toFixed(2)],
    ['Time to next order', 'timeToNextOrder', p.timeToNextOrder == null ? 'not expected' : Math.round(p.timeToNextOrder) + ' days'],
    ['Predicted value' + days, 'predictedValue', p.predictedValue == null ? 'no order-value model' : p.predictedValue.toFixed(2)],
    ['Engagement', 'engagement', p.engagement],
    ['Winback zone', 'winbackZone', p.winbackZone ? 'yes' : 'no'],
  ];
  return el('div', { id: 'predictions' },
    el('table', {}, el('tbody', {}, ...rows.map(([label, key, text]) =>
      el('tr', { dataset: { prediction: key } }, el('th', { text: label }), el('td', { text }))))),
    el('p', { class: 'note', id: 'predictions-fit', text: fitted }));
}

PAGES.profile = profile;
