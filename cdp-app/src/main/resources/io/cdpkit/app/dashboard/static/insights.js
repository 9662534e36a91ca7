// The insights page: profiles over time (total, reachable, unreachable, monthly active users) by
// channel and date range, and per event type its figures and top property values, each with CSV.
// At scale each figure of a type reads all its events: the page asks for one at a time, on request.
'use strict';

let insightsChart = null;

async function insightsView() {
  const form = el('form', { class: 'toolbar', id: 'trend-filter' },
    labelled('Channel', select('channel', ['email', 'sms', 'whatsapp', 'push'], 'email')),
    labelled('From', input('from', '', { type: 'date' })),
    labelled('to', input('to', '', { type: 'date' })),
    labelled('Per', select('interval', [['', 'auto'], ['day', 'day'], ['month', 'month']], '')),
    el('button', { type: 'submit', text: 'Show' }));
  const chartBox = el('div', { class: 'canvas-box card', id: 'trend-chart' });
  const trendTable = el('div', { class: 'chart-table', id: 'trend-table' });
  const csv = el('span', {});
  const typesBox = el('div', { id: 'event-types' });
  const detail = el('div', { id: 'event-detail' });
  show(el('h2', { text: 'Profiles over time' }), form, chartBox, el('div', { class: 'toolbar' }, csv), trendTable,
    el('h2', { text: 'Events' }), downloadLink('Event types as CSV', '/api/insights/events.csv', 'events-csv'),
    typesBox, detail);

  async function loadTrend() {
    const params = new URLSearchParams();
    for (const name of ['channel', 'from', 'to', 'interval']) {
      const value = form.elements.namedItem(name).value;
      if (value) params.set(name, value);
    }
    try {
      // Monthly active users probe every profile per month: draw the rest first, then add them.
      const data = await api('/api/insights/profiles?' + params + '&activeUsers=false');
      drawTrend(data, params);
      const active = await api('/api/insights/active?' + new URLSearchParams({ from: data.from, to: data.to }));
      const byMonth = new Map(active.rows.map(row => [row.date, row.activeUsers]));
      for (const row of data.rows) row.activeUsers = byMonth.get(row.date.slice(0, 7)) ?? 0;
      drawTrend(data, params);
    } catch (error) {
      chartBox.replaceChildren(errorBox(error));
    }
  }

  function drawTrend(data, params) {
    form.elements.namedItem('from').value = data.from;
    form.elements.namedItem('to').value = data.to;
    const rows = data.rows;
    const series = [['total', 'Total'], ['reachable', 'Reachable'], ['unreachable', 'Unreachable'], ['activeUsers', 'Monthly active']]
      .filter(([key]) => rows.length === 0 || key in rows[0]);
    if (insightsChart) insightsChart.destroy();
    const canvas = el('canvas', { role: 'img', 'aria-label': 'profiles over time' });
    chartBox.replaceChildren(canvas);
    insightsChart = new Chart(canvas, {
      type: 'line',
      data: { labels: rows.map(r => r.date), datasets: series.map(([key, label], i) => ({
        label, data: rows.map(r => r[key]), borderColor: COLORS[i], backgroundColor: COLORS[i], tension: 0.2, pointRadius: 1 })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: 'profiles (' + data.channel + ')' } } } },
    });
    chartBox.dataset.rendered = 'true';
    trendTable.replaceChildren(table(['Date', ...series.map(s => s[1])], rows.slice().reverse(), (row, column, i) =>
      i === 0 ? row.date : number(row[series[i - 1][0]])));
    csv.replaceChildren(downloadLink('Download CSV', '/api/insights/profiles.csv?' + params, 'trend-csv'));
  }
  form.addEventListener('submit', event => {
    event.preventDefault();
    loadTrend();
  });

  async function showType(type) {
    const path = '/api/insights/events/' + encodeURIComponent(type);
    try {
      const data = await api(path);
      const summary = el('div', { class: 'toolbar', id: 'event-summary' }, el('span', { text: number(data.count) + ' events' }),
        el('button', { type: 'button', text: 'Count customers, first and last seen', on: { click: async event => {
          event.target.disabled = true;
          try {
            const figures = await api(path + '/summary');
            summary.replaceChildren(el('span', { text: number(figures.count) + ' events by ' + number(figures.profiles)
              + ' customers, first seen ' + figures.firstSeen + ', last seen ' + figures.lastSeen }));
          } catch (error) {
            summary.replaceChildren(errorBox(error));
          }
        } } }));
      detail.replaceChildren(el('h3', { text: 'Top values of ' + type }), summary,
        downloadLink('Download CSV', path + '.csv', 'event-csv'),
        el('div', { class: 'columns' }, ...data.properties.map(property => propertyCard(path, property))));
    } catch (error) {
      detail.replaceChildren(errorBox(error));
    }
  }

  // A property's top values read every event of the type: counted when the user asks.
  function propertyCard(path, property) {
    const card = el('section', { class: 'card', 'data-property': property.property }, el('h4', { text: property.label }));
    const load = el('button', { type: 'button', text: 'Show top values', on: { click: async () => {
      load.disabled = true;
      try {
        const data = await api(path + '?property=' + encodeURIComponent(property.property));
        load.replaceWith(table(['Value', 'Events'], data.properties[0].values,
          (value, column) => column === 'Value' ? value.value : number(value.count)));
      } catch (error) {
        load.replaceWith(errorBox(error));
      }
    } } });
    card.append(load);
    return card;
  }

  const types = await api('/api/insights/events');
  typesBox.replaceChildren(table(['Event type', 'Events'], types, (type, column) => ({
    'Event type': el('a', { href: '#', text: type.type, on: { click: event => { event.preventDefault(); showType(type.type); } } }),
    Events: number(type.count),
  })[column]));
  await loadTrend();
  if (types.length) await showType(types[0].type);
}

PAGES.insights = insightsView;
