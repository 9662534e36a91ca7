// The customers page: the list with search and filters (channel, property, source, activity
// dates), rows to check, and static groups made from checked rows or from the filter.
'use strict';

const CHANNELS = [['', 'any channel'], ['email', 'Email'], ['phone', 'Phone'], ['whatsapp', 'WhatsApp'],
  ['device_id', 'Device']];
const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'not contains', 'starts with', 'ends with',
  'is empty', 'is not empty'];
const SOURCES = [['', 'any source'], ['ticket_shop', 'ticket_shop'], ['bar', 'bar'], ['gate', 'gate'],
  ['website', 'website'], ['api', 'api'], ['whatsapp', 'whatsapp']];

const customerState = { sort: '$created_at', desc: false, cursors: [], q: '', filter: {} };

async function customers() {
  const search = input('q', customerState.q, { placeholder: 'email, phone or id prefix', id: 'profile-search' });
  const searchForm = el('form', { class: 'toolbar', on: { submit: event => {
    event.preventDefault();
    customerState.q = search.value;
    customerState.filter = {};
    customerState.cursors = [];
    load();
  } } }, search, el('button', { type: 'submit', text: 'Search' }));

  const f = customerState.filter;
  const filterForm = el('form', { class: 'toolbar filters', id: 'customer-filter' },
    labelled('Channel', select('channel', CHANNELS, f.channel || '')),
    labelled('Property', input('property', f.property, { placeholder: 'city', size: 10 })),
    select('operator', OPERATORS, f.operator || '='),
    input('value', f.value, { placeholder: 'Leiden', size: 10 }),
    labelled('Source', select('source', SOURCES, f.source || '')),
    labelled('Active from', input('activeFrom', f.activeFrom, { type: 'date' })),
    labelled('to', input('activeTo', f.activeTo, { type: 'date' })),
    el('button', { type: 'submit', id: 'apply-filter', text: 'Filter' }),
    el('button', { type: 'button', text: 'Clear', on: { click: () => {
      customerState.filter = {};
      customers();
    } } }));
  filterForm.addEventListener('submit', event => {
    event.preventDefault();
    const filter = {};
    for (const name of ['channel', 'property', 'operator', 'value', 'source', 'activeFrom', 'activeTo']) {
      const value = filterForm.elements.namedItem(name).value;
      if (value) filter[name] = value;
    }
    if (!filter.property) { delete filter.operator; delete filter.value; }
    customerState.filter = filter;
    customerState.q = '';
    customerState.cursors = [];
    load();
  });

  const summary = el('p', { id: 'customer-summary', class: 'note' });
  const tableBox = el('div', { id: 'profiles-table' });
  const pager = el('div', { class: 'toolbar' });
  const status = statusLine('group-status');
  const groupName = input('group', '', { placeholder: 'group name', id: 'group-name', size: 16 });
  let current = null;
  const groupBar = el('div', { class: 'toolbar' }, groupName,
    el('button', { id: 'group-from-selected', text: 'Add checked customers to group', on: { click: () => groupAction(false) } }),
    el('button', { id: 'group-from-filter', text: 'Make group from filter', on: { click: () => groupAction(true) } }),
    status);
  const groupsBox = el('div', { id: 'groups' });
  show(el('h2', { text: 'Customers' }), searchForm, filterForm, summary, tableBox, pager,
    el('h3', { text: 'Groups' }), groupBar, groupsBox);

  async function groupAction(fromFilter) {
    const name = groupName.value.trim();
    if (!name) { status.fail(new Error('a group name is needed')); return; }
    const checked = [...tableBox.querySelectorAll('input.pick:checked')].map(box => box.value);
    if (fromFilter && !(current && current.filter)) { status.fail(new Error('set a filter first')); return; }
    if (!fromFilter && !checked.length) { status.fail(new Error('check some customers first')); return; }
    const body = fromFilter ? { filter: current.filter } : { profileIds: checked };
    try {
      const exists = (await api('/api/groups')).some(group => group.name === name);
      const answer = exists
        ? await post('/api/groups/' + encodeURIComponent(name) + '/add', body)
        : await post('/api/groups', Object.assign({ name }, body));
      status.ok('Group "' + answer.name + '" has ' + number(answer.members) + ' customers');
      await loadGroups();
    } catch (error) {
      status.fail(error);
    }
  }

  async function loadGroups() {
    const groups = await api('/api/groups');
    groupsBox.replaceChildren(groups.length === 0 ? el('p', { class: 'note', text: 'No groups yet.' })
      : table(['Group', 'Customers', ''], groups, (group, column) => {
        if (column === 'Group') return group.name;
        if (column === 'Customers') return number(group.members);
        return el('span', {},
          el('button', { text: 'Remove checked', on: { click: async () => {
            const checked = [...tableBox.querySelectorAll('input.pick:checked')].map(box => box.value);
            try {
              await post('/api/groups/' + encodeURIComponent(group.name) + '/remove', { profileIds: checked });
              await loadGroups();
            } catch (error) { status.fail(error); }
          } } }),
          el('button', { text: 'Delete', on: { click: async () => {
            if (!window.confirm('Delete the group "' + group.name + '"?')) return;
            try {
              await api('/api/groups/' + encodeURIComponent(group.name), { method: 'DELETE' });
              await loadGroups();
            } catch (error) { status.fail(error); }
          } } }));
      }));
  }

  async function load() {
    const cursor = customerState.cursors[customerState.cursors.length - 1] || '';
    const params = new URLSearchParams(Object.assign({ sort: customerState.sort, desc: String(customerState.desc),
      limit: '25', cursor, q: customerState.q }, customerState.filter));
    try {
      const page = await api('/api/profiles?' + params);
      current = page;
      summary.textContent = page.filter
        ? number(page.total) + ' customers match ' + page.filter
        : customerState.q ? 'Customers whose identifier starts with "' + customerState.q + '"' : '';
      const head = el('tr', {}, el('th', { text: '' }), ...page.columns.map((column, i) => el('th', {
        class: 'sortable', text: page.labels[i], on: { click: () => {
          const sort = column === 'id' ? '$id' : column;
          customerState.desc = customerState.sort === sort ? !customerState.desc : false;
          customerState.sort = sort;
          customerState.cursors = [];
          load();
        } } })));
      const rows = page.rows.map((row, r) => el('tr', {},
        el('td', {}, el('input', { type: 'checkbox', class: 'pick', value: row[0], 'aria-label': 'check ' + page.names[r] })),
        ...row.map((cell, i) => el('td', {},
          i === 0 ? el('a', { href: '#/profile/' + encodeURIComponent(cell), text: page.names[r], title: cell }) : cell))));
      tableBox.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
      pager.replaceChildren(
        el('button', { text: 'Previous', disabled: customerState.cursors.length ? null : 'disabled',
          on: { click: () => { customerState.cursors.pop(); load(); } } }),
        el('button', { text: 'Next', disabled: page.next ? null : 'disabled',
          on: { click: () => { customerState.cursors.push(page.next); load(); } } }));
    } catch (error) {
      tableBox.replaceChildren(errorBox(error));
    }
  }
  await Promise.all([load(), loadGroups()]);
}

PAGES.customers = customers;
PAGES.profiles = customers;
