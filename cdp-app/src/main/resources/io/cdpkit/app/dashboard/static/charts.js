// The dashboard page: charts defined as data, drawn with Chart.js, created and edited in a form.
'use strict';


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
  if (definitions.some(chart => chart.example)) {
    const status = statusLine('examples-status');
    toolbar.append(el('span', { class: 'note', text: 'Example charts for the festival demo, not saved in this database.' }),
      el('button', { id: 'save-examples', text: 'Save them to this dashboard', on: { click: async () => {
        try {
          await post('/api/charts/examples');
          await dashboard();
        } catch (error) {
          status.fail(error);
        }
      } } }), status);
  }
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
    definition.example ? null : el('button', { text: 'Edit', on: { click: () => openForm(definition) } }),
    definition.example ? null : el('button', { text: 'Duplicate', on: { click: () => duplicate(definition.id) } }),
    definition.example ? null : el('button', { text: 'Delete', on: { click: () => remove(definition.id) } }),
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

PAGES.dashboard = dashboard;
