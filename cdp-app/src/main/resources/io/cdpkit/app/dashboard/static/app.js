// The CDPKit dashboard page. Every value from the server is untrusted (profile data): the DOM is
// built with createElement and textContent only, never innerHTML with data.
'use strict';

const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00',
  '#b82e2e', '#316395', '#994499', '#22aa99', '#aaaa11', '#6633cc', '#e67300', '#8b0707', '#651067',
  '#329262', '#5574a6', '#3b3eac', '#888888'];

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === 'text') node.textContent = value;
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// Every API call carries the token the server put into the page: changes are refused without it
// in the Authorization header, and without a JSON content type.
const TOKEN = document.querySelector('meta[name="cdp-token"]').content;

async function api(path, options) {
  const request = Object.assign({}, options);
  request.headers = Object.assign({ 'Authorization': 'Bearer ' + TOKEN }, request.headers);
  if (request.method && request.method !== 'GET') request.headers['Content-Type'] = 'application/json';
  const response = await fetch(path, request);
  if (response.status === 204) return null;
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.message || response.statusText);
    error.parameter = body.parameter;
    throw error;
  }
  return body;
}

function show(...nodes) {
  const view = document.getElementById('view');
  view.replaceChildren(...nodes);
  return view;
}

function errorBox(error) {
  return el('p', { class: 'error', text: (error.parameter ? error.parameter + ': ' : '') + error.message });
}

async function overview() {
  const data = await api('/api/overview');
  const stats = [['profiles', data.profiles], ['events', data.events]];
  for (const channel of data.reachability) stats.push(['reachable by ' + channel.channel, channel.reachable]);
  document.getElementById('overview').replaceChildren(...stats.map(([label, value]) =>
    el('div', { class: 'card stat' }, el('div', { class: 'value', text: String(value) }),
      el('div', { class: 'label', text: label }))));
}

// ---- dashboard

const charts = new Map();

async function dashboard() {
  const grid = el('div', { class: 'charts', id: 'charts' });
  const toolbar = el('div', { class: 'toolbar' },
    el('button', { id: 'new-chart', text: 'New chart', on: { click: () => openForm(null) } }));
  const formBox = el('div', { id: 'chart-form-box' });
  show(toolbar, formBox, grid);
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  const definitions = await api('/api/charts');
  const cards = definitions.map(chartCard);
  grid.append(...cards.map(c => c.card));
  // One chart at a time: each answers sooner than when all compete for the store at once.
  for (const c of cards) await c.draw();
}

function chartCard(definition) {
  const card = el('div', { class: 'card chart', dataset: { chartId: definition.id } });
  const legend = el('ul', { class: 'series-legend' });
  definition.series.forEach((series, i) => {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = COLORS[i % COLORS.length];
    legend.append(el('li', {}, swatch, series.name));
  });
  const body = el('div', { class: definition.kind === 'table' ? 'chart-table' : 'canvas-box' });
  const timing = el('span', { class: 'timing' });
  const actions = el('div', { class: 'actions' },
    el('button', { text: 'Edit', on: { click: () => openForm(definition) } }),
    el('button', { text: 'Duplicate', on: { click: () => duplicate(definition.id) } }),
    el('button', { text: 'Delete', on: { click: () => remove(definition.id) } }),
    el('a', { href: '/api/charts/' + encodeURIComponent(definition.id) + '/data.csv', text: 'CSV' }),
    timing);
  card.append(el('h2', { text: definition.title }), body, legend, actions);
  return { card, draw: () => draw(definition, body, card, timing) };
}

async function draw(definition, body, card, timing) {
  const started = performance.now();
  try {
    const data = await api('/api/charts/' + encodeURIComponent(definition.id) + '/data');
    timing.textContent = data.elapsedMillis + ' ms server, ' + Math.round(performance.now() - started) + ' ms total';
    if (definition.kind === 'table') {
      body.append(dataTable(data));
    } else {
      const canvas = el('canvas', { 'aria-label': definition.title, role: 'img' });
      body.append(canvas);
      charts.set(definition.id, new Chart(canvas, chartConfig(definition, data)));
    }
    card.dataset.rendered = 'true';
  } catch (error) {
    body.append(errorBox(error));
    card.dataset.rendered = 'error';
  }
}

function chartConfig(definition, data) {
  const pie = definition.kind === 'pie';
  const datasets = data.datasets.map((dataset, i) => ({
    label: dataset.name,
    data: dataset.values,
    backgroundColor: pie ? data.labels.map((_, j) => COLORS[j % COLORS.length]) : COLORS[i % COLORS.length],
    borderColor: pie ? '#fff' : COLORS[i % COLORS.length],
    tension: 0.2,
  }));
  const yLabel = data.datasets.map(d => d.yLabel).find(label => label) || '';
  return {
    type: definition.kind,
    data: { labels: data.labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: true, position: pie ? 'right' : 'top' } },
      scales: pie ? {} : { y: { beginAtZero: true, title: { display: yLabel !== '', text: yLabel } } },
    },
  };
}

function dataTable(data) {
  const head = el('tr', {}, el('th', { text: '' }), ...data.datasets.map(d =>
    el('th', { text: d.name + (d.yLabel ? ' (' + d.yLabel + ')' : '') })));
  const rows = data.labels.map((label, i) => el('tr', {}, el('td', { text: label }),
    ...data.datasets.map(d => el('td', { text: d.values[i].toLocaleString('en', { maximumFractionDigits: 2 }) }))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
}

async function duplicate(id) {
  await api('/api/charts/' + encodeURIComponent(id) + '/duplicate', { method: 'POST' });
  await dashboard();
}

async function remove(id) {
  if (!window.confirm('Delete this chart?')) return;
  await api('/api/charts/' + encodeURIComponent(id), { method: 'DELETE' });
  await dashboard();
}

function select(name, options, value) {
  return el('select', { name }, ...options.map(option => {
    const node = el('option', { value: option, text: option });
    if (option === value) node.selected = true;
    return node;
  }));
}

function input(name, value, extra) {
  return el('input', Object.assign({ name, value: value === null || value === undefined ? '' : String(value) }, extra || {}));
}

function labelled(text, control) {
  return el('label', {}, text + ' ', control);
}

function seriesFieldset(series) {
  const where = Object.entries(series.where || {}).map(([k, v]) => k + '=' + v).join(', ');
  const fieldset = el('fieldset', { class: 'series' },
    el('legend', { text: 'Series' }),
    labelled('Name', input('name', series.name)),
    labelled('Segment', input('segment', series.segment, { size: 24, placeholder: 'age < 30' })),
    labelled('Event type', input('eventType', series.eventType)),
    labelled('Filter', input('where', where, { placeholder: 'drink=beer' })),
    labelled('Aggregation', select('aggregation',
      ['count', 'cumulative', 'sum', 'avg', 'min', 'max', 'profiles_created'], series.aggregation || 'count')),
    labelled('Property', input('property', series.property)),
    labelled('Y label', input('yLabel', series.yLabel)));
  fieldset.append(el('button', { type: 'button', text: 'Remove series', on: { click: () => fieldset.remove() } }));
  return fieldset;
}

function openForm(definition) {
  const chart = definition || { title: '', kind: 'line', source: 'events_over_time', field: '', interval: 'day',
    last: 30, series: [{ name: '', aggregation: 'count' }] };
  const seriesBox = el('div', { class: 'series-box' }, ...chart.series.map(seriesFieldset));
  const error = el('p', { class: 'error form-error' });
  const form = el('form', { class: 'card chart-form', id: 'chart-form' },
    el('h2', { text: definition ? 'Edit chart' : 'New chart' }),
    labelled('Title', input('title', chart.title, { size: 30 })),
    labelled('Kind', select('kind', ['pie', 'line', 'bar', 'table'], chart.kind)),
    labelled('Source', select('source', ['profile_attribute', 'events_over_time', 'event_property'], chart.source)),
    labelled('Field', input('field', chart.field, { placeholder: 'city or drink' })),
    labelled('Interval', select('interval', ['minute', 'hour', 'day', 'week', 'month', 'year'], chart.interval)),
    labelled('Last', input('last', chart.last, { type: 'number', min: 1 })),
    seriesBox,
    el('button', { type: 'button', text: 'Add series',
      on: { click: () => seriesBox.append(seriesFieldset({ name: '', aggregation: 'count' })) } }),
    el('button', { type: 'submit', text: 'Save' }),
    el('button', { type: 'button', text: 'Cancel', on: { click: () => form.remove() } }),
    error);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = readForm(form);
    try {
      const path = definition ? '/api/charts/' + encodeURIComponent(definition.id) : '/api/charts';
      await api(path, { method: definition ? 'PUT' : 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body) });
      await dashboard();
    } catch (failure) {
      error.textContent = (failure.parameter ? failure.parameter + ': ' : '') + failure.message;
    }
  });
  document.getElementById('chart-form-box').replaceChildren(form);
}

function readForm(form) {
  const value = name => form.elements.namedItem(name).value;
  const series = [...form.querySelectorAll('fieldset.series')].map(fieldset => {
    const get = name => fieldset.querySelector('[name="' + name + '"]').value;
    const where = {};
    for (const pair of get('where').split(',')) {
      const at = pair.indexOf('=');
      if (at > 0) where[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
    return { name: get('name'), segment: get('segment') || null, eventType: get('eventType') || null, where,
      aggregation: get('aggregation'), property: get('property') || null, yLabel: get('yLabel') };
  });
  return { title: value('title'), kind: value('kind'), source: value('source'), field: value('field') || null,
    interval: value('interval'), last: Number(value('last')), series };
}

// ---- profiles

const profileState = { sort: '$created_at', desc: false, cursors: [], q: '' };

async function profiles() {
  const search = input('q', profileState.q, { placeholder: 'email or id prefix', id: 'profile-search' });
  const table = el('div', { id: 'profiles-table' });
  const pager = el('div', { class: 'toolbar' });
  const form = el('form', { class: 'toolbar', on: { submit: event => {
    event.preventDefault();
    profileState.q = search.value;
    profileState.cursors = [];
    load();
  } } }, search, el('button', { type: 'submit', text: 'Search' }));
  show(form, table, pager);
  async function load() {
    const cursor = profileState.cursors[profileState.cursors.length - 1] || '';
    const params = new URLSearchParams({ sort: profileState.sort, desc: String(profileState.desc), limit: '25',
      cursor, q: profileState.q });
    try {
      const page = await api('/api/profiles?' + params);
      const head = el('tr', {}, ...page.columns.map(column => el('th', { class: 'sortable', text: column, on: {
        click: () => {
          const sort = column === 'id' ? '$id' : column;
          profileState.desc = profileState.sort === sort ? !profileState.desc : false;
          profileState.sort = sort;
          profileState.cursors = [];
          load();
        } } })));
      const rows = page.rows.map(row => el('tr', {}, ...row.map((cell, i) => el('td', {},
        i === 0 ? el('a', { href: '#/profile/' + encodeURIComponent(cell), text: cell }) : cell))));
      table.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
      pager.replaceChildren(
        el('button', { text: 'Previous', disabled: profileState.cursors.length ? null : 'disabled',
          on: { click: () => { profileState.cursors.pop(); load(); } } }),
        el('button', { text: 'Next', disabled: page.next ? null : 'disabled',
          on: { click: () => { profileState.cursors.push(page.next); load(); } } }));
    } catch (error) {
      table.replaceChildren(errorBox(error));
    }
  }
  await load();
}

async function profile(id) {
  const data = await api('/api/profiles/' + encodeURIComponent(id));
  const attributes = el('table', { id: 'attributes' }, el('tbody', {}, ...Object.entries(data.attributes).map(
    ([name, value]) => el('tr', {}, el('th', { text: name }),
      el('td', { text: typeof value === 'string' ? value : JSON.stringify(value) })))));
  const list = (rows, columns) => el('table', {},
    el('thead', {}, el('tr', {}, ...columns.map(c => el('th', { text: c })))),
    el('tbody', {}, ...rows.map(row => el('tr', {}, ...columns.map(c => el('td', {
      text: row[c] === null || row[c] === undefined ? '' : typeof row[c] === 'object' ? JSON.stringify(row[c]) : String(row[c]),
    }))))));
  show(
    el('h2', { text: 'Profile ' + data.id }),
    el('p', { text: 'created ' + data.createdAt + ', updated ' + data.updatedAt }),
    el('h3', { text: 'Attributes' }), attributes,
    el('h3', { text: 'Identifiers' }), list(data.identifiers, ['type', 'value', 'main', 'deliverable', 'lastSeen']),
    el('h3', { text: 'Consents' }), list(data.consents, ['channel', 'purpose', 'status', 'at', 'source', 'expiresAt']),
    el('h3', { text: 'Segments' }), el('ul', { id: 'profile-segments' }, ...data.segments.map(s => el('li', { text: s }))),
    el('h3', { text: 'Timeline' }), list(data.timeline, ['timestamp', 'type', 'source', 'properties']));
}

// ---- segments

async function segmentsView() {
  const list = await api('/api/segments');
  const table = el('table', {}, el('thead', {}, el('tr', {}, ...['name', 'expression', 'members'].map(c => el('th', { text: c })))),
    el('tbody', {}, ...list.map(s => el('tr', {}, el('td', { text: s.name }), el('td', { text: s.expression }),
      el('td', { text: String(s.members) })))));
  const editor = el('textarea', { id: 'expression', rows: 3, placeholder: 'age >= 18 and city = "Amsterdam"' });
  const result = el('div', { id: 'expression-result' });
  const check = async () => {
    try {
      const answer = await api('/api/segments/check?' + new URLSearchParams({ expression: editor.value }));
      result.replaceChildren(el('p', { text: answer.count + ' profiles match ' + answer.expression }));
    } catch (error) {
      result.replaceChildren(el('pre', { class: 'error', text: error.message }));
    }
  };
  show(el('h2', { text: 'Segments' }), table, el('h3', { text: 'Expression editor' }), editor,
    el('button', { id: 'check-expression', text: 'Check and count', on: { click: check } }), result);
}

// ---- routing

async function route() {
  const hash = location.hash || '#/';
  try {
    if (hash.startsWith('#/profile/')) await profile(decodeURIComponent(hash.slice('#/profile/'.length)));
    else if (hash === '#/profiles') await profiles();
    else if (hash === '#/segments') await segmentsView();
    else await dashboard();
  } catch (error) {
    show(errorBox(error));
  }
}

window.addEventListener('hashchange', route);
overview().catch(error => document.getElementById('overview').replaceChildren(errorBox(error)));
route();
