// The segments page: a builder of blocks (attribute or event conditions; AND inside a group, OR
// between groups) that writes the segment language beside it, an expression typed by hand that
// opens as blocks where it can, the count as it changes, and the saved segments with rename,
// duplicate, delete and export.
'use strict';

const BLOCK_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'not contains', 'starts with', 'ends with',
  'is empty', 'is not empty'];
const UNITS = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'];
const WINDOWS = [['anytime', 'anytime'], ['last', 'in the last'], ['betweenAgo', 'between … ago'],
  ['between', 'between dates'], ['after', 'after'], ['before', 'before'], ['on', 'on'],
  ['moreThanAgo', 'more than … ago'], ['exactlyAgo', 'exactly … ago'], ['next', 'in the next']];

function attributeBlock() {
  return { type: 'attribute', path: '', operator: '=', value: '' };
}

function eventBlock(types) {
  return { type: 'event', eventType: types[0] || '*', count: 'at least', times: 1, window: { kind: 'anytime' } };
}

async function segmentsView() {
  const types = await eventTypes();
  const builder = { groups: [{ blocks: [attributeBlock()] }], editing: null };
  const blocksBox = el('div', { id: 'blocks' });
  const editor = el('textarea', { id: 'expression', rows: 4, placeholder: 'age >= 18 and city = "Amsterdam"',
    'aria-label': 'expression' });
  const result = el('div', { id: 'expression-result' });
  const count = el('div', { id: 'segment-count', class: 'count' });
  const textNote = el('p', { id: 'text-only', class: 'note' });
  const saveStatus = statusLine('save-status');
  const listStatus = statusLine('list-status');
  const listBox = el('div', { id: 'segment-list' });
  const nameInput = input('name', '', { id: 'segment-name', size: 28, placeholder: 'name' });
  const descriptionInput = input('description', '', { id: 'segment-description', size: 48, placeholder: 'description' });
  const saveButton = el('button', { id: 'save-segment', text: 'Save segment' });
  const heading = el('h3', { id: 'builder-heading', text: 'New segment' });

  // Blocks -> expression: the server writes the text (and counts), so quoting is always right.
  let composeTicket = 0;
  async function compose() {
    const ticket = ++composeTicket;
    try {
      const answer = await post('/api/segments/compose', { groups: builder.groups });
      if (ticket !== composeTicket) return;
      editor.value = answer.expression;
      showCount(answer);
    } catch (error) {
      if (ticket !== composeTicket) return;
      result.replaceChildren(el('pre', { class: 'error', text: errorText(error) }));
      count.textContent = '';
    }
  }

  function showCount(answer) {
    result.replaceChildren(el('p', { text: number(answer.count) + ' profiles match ' + answer.expression }));
    count.textContent = number(answer.count);
    count.dataset.count = String(answer.count);
  }

  // Expression -> blocks, where it has their shape; otherwise it stays text.
  async function check() {
    const ticket = ++composeTicket;
    try {
      const answer = await api('/api/segments/check?' + new URLSearchParams({ expression: editor.value }));
      if (ticket !== composeTicket) return;
      showCount(answer);
      if (answer.blocks) {
        builder.groups = answer.blocks.groups;
        textNote.textContent = '';
        drawBlocks();
      } else {
        textNote.textContent = 'This expression has no block form: edit it as text.';
        blocksBox.replaceChildren();
      }
    } catch (error) {
      if (ticket !== composeTicket) return;
      result.replaceChildren(el('pre', { class: 'error', text: error.message }));
      count.textContent = '';
    }
  }

  let typing = null;
  editor.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(check, 400);
  });

  function changed() {
    textNote.textContent = '';
    compose();
  }

  function field(block, key, control, onChange) {
    control.value = block[key] === undefined || block[key] === null ? '' : String(block[key]);
    control.addEventListener('change', () => {
      block[key] = control.type === 'number' ? Number(control.value) : control.value;
      if (onChange) onChange(); else changed();
    });
    return control;
  }

  function conditionControls(target, prefix) {
    const valueBox = field(target, 'value', input(prefix + 'value', '', { size: 14, placeholder: 'value' }));
    const operator = field(target, 'operator', select(prefix + 'operator', BLOCK_OPERATORS, target.operator), () => {
      valueBox.hidden = target.operator.startsWith('is ');
      changed();
    });
    valueBox.hidden = (target.operator || '').startsWith('is ');
    return [field(target, 'path', input(prefix + 'path', '', { size: 14, placeholder: 'attribute', list: 'attribute-names' })),
      operator, valueBox];
  }

  function windowControls(block) {
    const box = el('span', { class: 'window' });
    const draw = () => {
      const w = block.window;
      const controls = [field(w, 'kind', select('window', WINDOWS, w.kind), () => {
        block.window = { kind: block.window.kind };
        if (['last', 'next', 'exactlyAgo', 'moreThanAgo'].includes(w.kind)) Object.assign(block.window, { amount: 30, unit: 'days' });
        if (w.kind === 'betweenAgo') Object.assign(block.window, { from: 1, to: 2, unit: 'years' });
        if (['on', 'before', 'after'].includes(w.kind)) block.window.date = new Date().toISOString().slice(0, 10);
        if (w.kind === 'between') Object.assign(block.window, { from: '2018-01-01', to: new Date().toISOString().slice(0, 10) });
        draw();
        changed();
      })];
      if (['last', 'next', 'exactlyAgo', 'moreThanAgo'].includes(w.kind)) {
        controls.push(field(w, 'amount', input('amount', '', { type: 'number', min: 0, class: 'small' })),
          field(w, 'unit', select('unit', UNITS, w.unit)));
        if (w.kind !== 'last' && w.kind !== 'next') controls.push(' ago');
      } else if (w.kind === 'betweenAgo') {
        controls.push(field(w, 'from', input('from', '', { type: 'number', min: 0, class: 'small' })), ' and ',
          field(w, 'to', input('to', '', { type: 'number', min: 0, class: 'small' })),
          field(w, 'unit', select('unit', UNITS, w.unit)), ' ago');
      } else if (w.kind === 'between') {
        controls.push(field(w, 'from', input('from', '', { type: 'date' })), ' and ', field(w, 'to', input('to', '', { type: 'date' })));
      } else if (['on', 'before', 'after'].includes(w.kind)) {
        controls.push(field(w, 'date', input('date', '', { type: 'date' })));
      }
      box.replaceChildren(...controls);
    };
    draw();
    return box;
  }

  function blockNode(group, block, index) {
    const remove = el('button', { type: 'button', class: 'remove-block', title: 'remove', text: '\u00d7', on: { click: () => {
      group.blocks.splice(index, 1);
      builder.groups = builder.groups.filter(g => g.blocks.length);
      if (!builder.groups.length) builder.groups = [{ blocks: [attributeBlock()] }];
      drawBlocks();
      changed();
    } } });
    if (block.type === 'attribute') {
      return el('div', { class: 'block attribute', dataset: { type: 'attribute' } },
        el('span', { class: 'kind', text: 'Profile' }), ...conditionControls(block, ''), remove);
    }
    const filter = block.where || null;
    const filterBox = el('span', { class: 'filter' });
    const drawFilter = () => {
      if (block.where) {
        filterBox.replaceChildren(' where ', ...conditionControls(block.where, 'where-'),
          el('button', { type: 'button', text: 'no filter', on: { click: () => { delete block.where; drawFilter(); changed(); } } }));
      } else {
        filterBox.replaceChildren(el('button', { type: 'button', class: 'add-filter', text: '+ property filter', on: { click: () => {
          block.where = { path: '', operator: '=', value: '' };
          drawFilter();
        } } }));
      }
    };
    block.where = filter;
    if (!filter) delete block.where;
    drawFilter();
    return el('div', { class: 'block event', dataset: { type: 'event' } },
      el('span', { class: 'kind', text: 'Event' }),
      field(block, 'eventType', select('eventType', [['*', 'any event'], ...types], block.eventType)),
      field(block, 'count', select('count', ['at least', 'at most', 'exactly'], block.count)),
      field(block, 'times', input('times', '', { type: 'number', min: 0, class: 'small' })), ' times ',
      windowControls(block), filterBox, remove);
  }

  function drawBlocks() {
    const groups = builder.groups.map((group, g) => el('div', { class: 'group card', dataset: { group: String(g) } },
      ...group.blocks.flatMap((block, b) => [b > 0 ? el('div', { class: 'joiner', text: 'AND' }) : null, blockNode(group, block, b)]),
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', class: 'add-attribute', text: 'AND profile condition', on: { click: () => {
          group.blocks.push(attributeBlock());
          drawBlocks();
        } } }),
        el('button', { type: 'button', class: 'add-event', text: 'AND event condition', on: { click: () => {
          group.blocks.push(eventBlock(types));
          drawBlocks();
          changed();
        } } }))));
    blocksBox.replaceChildren(...groups.flatMap((node, g) => g > 0 ? [el('div', { class: 'joiner or', text: 'OR' }), node] : [node]),
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', id: 'or-attribute', text: 'OR profile condition', on: { click: () => {
          builder.groups.push({ blocks: [attributeBlock()] });
          drawBlocks();
        } } }),
        el('button', { type: 'button', id: 'or-event', text: 'OR event condition', on: { click: () => {
          builder.groups.push({ blocks: [eventBlock(types)] });
          drawBlocks();
          changed();
        } } })));
  }

  function edit(segment) {
    builder.editing = segment ? segment.name : null;
    heading.textContent = segment ? 'Edit segment "' + segment.name + '"' : 'New segment';
    nameInput.value = segment ? segment.name : '';
    nameInput.disabled = !!segment;
    descriptionInput.value = segment && segment.description ? segment.description : '';
    saveButton.textContent = segment ? 'Save changes' : 'Save segment';
    editor.value = segment ? segment.expression : '';
    if (segment) check();
    else {
      builder.groups = [{ blocks: [attributeBlock()] }];
      drawBlocks();
      result.replaceChildren();
      count.textContent = '';
    }
  }

  saveButton.addEventListener('click', async () => {
    try {
      const body = { expression: editor.value, description: descriptionInput.value };
      const saved = builder.editing
        ? await api('/api/segments/' + encodeURIComponent(builder.editing), { method: 'PUT', json: body })
        : await post('/api/segments', Object.assign({ name: nameInput.value }, body));
      saveStatus.ok('Saved "' + saved.name + '" with ' + number(saved.members) + ' members');
      await loadList();
    } catch (error) {
      saveStatus.fail(error);
    }
  });

  async function segmentAction(segment, action) {
    try {
      if (action === 'delete') {
        if (!window.confirm('Delete the segment "' + segment.name + '"?')) return;
        await api('/api/segments/' + encodeURIComponent(segment.name), { method: 'DELETE' });
        listStatus.ok('Deleted "' + segment.name + '"');
      } else {
        const proposal = action === 'rename' ? segment.name : segment.name + ' (copy)';
        const name = window.prompt(action === 'rename' ? 'New name' : 'Name of the copy', proposal);
        if (!name) return;
        await post('/api/segments/' + encodeURIComponent(segment.name) + '/' + action, { name });
        listStatus.ok(action === 'rename' ? 'Renamed to "' + name + '"' : 'Copied to "' + name + '"');
      }
      await loadList();
    } catch (error) {
      listStatus.fail(error);
    }
  }

  async function loadList() {
    const list = await api('/api/segments');
    listBox.replaceChildren(list.length === 0 ? el('p', { class: 'note', text: 'No saved segments yet.' })
      : table(['Segment', 'Description', 'Expression', 'Members', ''], list, (segment, column) => {
        if (column === 'Segment') return segment.name;
        if (column === 'Description') return segment.description || '';
        if (column === 'Expression') return el('code', { text: segment.expression });
        if (column === 'Members') return number(segment.members);
        return el('span', { class: 'actions', dataset: { segment: segment.name } },
          el('button', { text: 'Edit', on: { click: () => { edit(segment); window.scrollTo(0, 0); } } }),
          el('button', { text: 'Rename', on: { click: () => segmentAction(segment, 'rename') } }),
          el('button', { text: 'Duplicate', on: { click: () => segmentAction(segment, 'duplicate') } }),
          el('button', { class: 'delete', text: 'Delete', on: { click: () => segmentAction(segment, 'delete') } }),
          el('button', { class: 'sync', text: 'Sync', on: { click: () => openSyncForm(segment) } }),
          downloadLink('Export CSV', '/api/segments/' + encodeURIComponent(segment.name) + '/members.csv'));
      }));
  }

  // Syncs: a saved segment sent to a directory of CSV files or a webhook, kept where cdp sync add
  // keeps them (so cdp serve applies them), with where each stands and a button to run it now.
  const syncStatus = statusLine('sync-status');
  const syncBox = el('div', { id: 'sync-list' });
  const syncForm = el('form', { id: 'sync-form', class: 'toolbar', hidden: true });
  function openSyncForm(segment) {
    const kind = select('kind', [['file', 'Directory of CSV files'], ['webhook', 'Webhook']], 'file');
    const target = input('target', '', { placeholder: '/path/to/exports or https://hooks.example.com/cdp', size: 40 });
    const name = input('name', '', { placeholder: 'file or webhook', size: 12 });
    syncForm.replaceChildren(el('strong', { text: 'Sync "' + segment.name + '" to ' }), kind, target,
      labelled('named', name), el('button', { type: 'submit', id: 'add-sync', text: 'Add sync' }));
    syncForm.onsubmit = async event => {
      event.preventDefault();
      try {
        const sync = await post('/api/syncs', { segment: segment.name, to: kind.value + ':' + target.value, name: name.value });
        syncStatus.ok('Syncing "' + sync.segment + '" to ' + sync.destination + '; cdp serve sends it, or run it now');
        syncForm.hidden = true;
        await loadSyncs();
      } catch (error) {
        syncStatus.fail(error);
      }
    };
    syncForm.hidden = false;
    target.focus();
  }
  async function syncAction(sync, action) {
    try {
      if (action === 'run') {
        const answer = await post('/api/syncs/run', { segment: sync.segment, destination: sync.destination });
        const report = answer.report;
        syncStatus.ok('Ran "' + sync.segment + '" to ' + sync.destination + ': ' + number(report.batches) + ' batches, '
          + number(report.added) + ' added, ' + number(report.removed) + ' removed, ' + number(report.failures) + ' failures');
      } else {
        await api('/api/syncs/' + encodeURIComponent(sync.segment) + '/' + encodeURIComponent(sync.destination), { method: 'DELETE' });
        syncStatus.ok('No longer syncing "' + sync.segment + '" to ' + sync.destination);
      }
      await loadSyncs();
    } catch (error) {
      syncStatus.fail(error);
    }
  }
  async function loadSyncs() {
    let syncs;
    try {
      syncs = await api('/api/syncs');
    } catch (error) {
      syncBox.replaceChildren(el('p', { class: 'note', text: 'Syncs are kept by cdp dashboard and cdp serve on a SQLite file.' }));
      return;
    }
    syncBox.replaceChildren(syncs.length === 0 ? el('p', { class: 'note', text: 'No syncs yet: Sync on a saved segment adds one.' })
      : table(['Segment', 'Destination', 'To', 'Status', 'Members sent', 'Batches', 'Updated', ''], syncs, (sync, column) => ({
        Segment: sync.segment, Destination: sync.destination, To: sync.to,
        Status: sync.failure ? sync.status + ': ' + sync.failure : sync.status,
        'Members sent': number(sync.membersSent), Batches: number(sync.batchesAcknowledged), Updated: sync.updatedAt || '',
        '': el('span', { class: 'actions', dataset: { sync: sync.segment + ' -> ' + sync.destination } },
          el('button', { class: 'run', text: 'Run now', on: { click: () => syncAction(sync, 'run') } }),
          el('button', { class: 'remove', text: 'Remove', on: { click: () => syncAction(sync, 'remove') } })),
      })[column]));
  }

  const attributeNames = el('datalist', { id: 'attribute-names' }, ...['age', 'city', 'first_name', 'last_name',
    'birth_date', '$identifier.email', '$identifier.phone', '$created_at'].map(name => el('option', { value: name })));
  show(el('h2', { text: 'Segments' }),
    el('div', { class: 'builder' },
      el('section', { class: 'blocks-side' }, heading, blocksBox, attributeNames),
      el('section', { class: 'text-side' },
        el('h3', { text: 'Expression' }), editor, textNote,
        el('div', { class: 'toolbar' },
          el('button', { id: 'check-expression', text: 'Check and count', on: { click: check } }),
          el('span', {}, 'Matching now: '), count),
        result,
        el('div', { class: 'toolbar' }, nameInput, descriptionInput),
        el('div', { class: 'toolbar' }, saveButton,
          el('button', { type: 'button', text: 'New', on: { click: () => edit(null) } })),
        saveStatus)),
    el('h3', { text: 'Saved segments' }), listStatus, listBox,
    el('h3', { text: 'Syncs' }), syncForm, syncStatus, syncBox);
  drawBlocks();
  await loadList();
  await loadSyncs();
}

PAGES.segments = segmentsView;
