// The CDPKit dashboard page: shared helpers, the overview and the routing. Every value from the
// server is untrusted (profile data): the DOM is built with createElement and textContent only,
// never innerHTML with data. Each page lives in its own file and registers itself in PAGES.
'use strict';

const COLORS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00',
  '#b82e2e', '#316395', '#994499', '#22aa99', '#aaaa11', '#6633cc', '#e67300', '#8b0707', '#651067',
  '#329262', '#5574a6', '#3b3eac', '#888888'];

// Pages by their hash route ('#/segments' is PAGES.segments); 'profile' takes the id after it.
const PAGES = {};

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === 'text') node.textContent = value;
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
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
  if (request.json !== undefined) {
    request.body = JSON.stringify(request.json);
    delete request.json;
  }
  const response = await fetch(path, request);
  if (response.status === 204) return null;
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.message || response.statusText);
    error.parameter = body.parameter;
    error.status = response.status;
    throw error;
  }
  return body;
}

function post(path, json) {
  return api(path, { method: 'POST', json: json || {} });
}

// A CSV download: GETs go with the session cookie, so a plain link is enough.
function downloadLink(text, path, id) {
  return el('a', { href: path, class: 'download', id, download: '', text });
}

function show(...nodes) {
  const view = document.getElementById('view');
  view.replaceChildren(...nodes);
  return view;
}

function errorText(error) {
  return (error.parameter ? error.parameter + ': ' : '') + error.message;
}

function errorBox(error) {
  return el('p', { class: 'error', text: errorText(error) });
}

// A line for the outcome of an action: green when it worked, red with the server's reason when not.
function statusLine(id) {
  const line = el('p', { class: 'status', id, role: 'status' });
  line.ok = text => { line.className = 'status ok'; line.textContent = text; };
  line.fail = error => { line.className = 'status error'; line.textContent = errorText(error); };
  return line;
}

function select(name, options, value, extra) {
  return el('select', Object.assign({ name }, extra || {}), ...options.map(option => {
    const [optionValue, label] = Array.isArray(option) ? option : [option, option];
    const node = el('option', { value: optionValue, text: label });
    if (optionValue === value) node.selected = true;
    return node;
  }));
}

function input(name, value, extra) {
  return el('input', Object.assign({ name, value: value === null || value === undefined ? '' : String(value) }, extra || {}));
}

function labelled(text, control) {
  return el('label', {}, text + ' ', control);
}

function table(columns, rows, cell) {
  return el('table', {},
    el('thead', {}, el('tr', {}, ...columns.map(c => el('th', { text: c })))),
    el('tbody', {}, ...rows.map(row => el('tr', {}, ...columns.map((c, i) => {
      const value = cell(row, c, i);
      return el('td', {}, value instanceof Node ? value : value === null || value === undefined ? '' : String(value));
    })))));
}

function number(value) {
  return Number(value).toLocaleString('en');
}

let eventTypesCache = null;
async function eventTypes() {
  if (!eventTypesCache) eventTypesCache = (await api('/api/event-types')).map(t => t.type);
  return eventTypesCache;
}

async function overview() {
  const data = await api('/api/overview');
  const stats = [['customers', number(data.profiles)], ['events', number(data.events)]];
  for (const channel of data.reachability) stats.push(['reachable by ' + channel.channel, number(channel.reachable)]);
  stats.push(['now (' + data.zone + ')', data.now.slice(0, 16)]);
  document.getElementById('overview').replaceChildren(...stats.map(([label, value]) =>
    el('div', { class: 'card stat' }, el('div', { class: 'value', text: value }),
      el('div', { class: 'label', text: label }))));
}

async function route() {
  const hash = location.hash || '#/';
  const [name, ...rest] = hash.slice(2).split('/');
  const page = PAGES[name || 'dashboard'] || PAGES.dashboard;
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('current', link.getAttribute('href') === '#/' + (name || ''));
  }
  try {
    await page(...rest.map(decodeURIComponent));
  } catch (error) {
    show(errorBox(error));
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
  overview().catch(error => document.getElementById('overview').replaceChildren(errorBox(error)));
  route();
});
