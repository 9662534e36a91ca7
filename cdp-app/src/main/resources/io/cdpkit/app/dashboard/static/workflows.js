// The workflows page: the list with the enable switch and the figures, one workflow's definition
// as steps with its failed enrollments, and a form to create one (trigger, consent, goal, exit on
// goal, steps).
'use strict';

async function workflowsView(name) {
  if (name) return workflowView(name);
  const status = statusLine('workflow-status');
  const list = await api('/api/workflows');
  const listBox = list.length === 0 ? el('p', { class: 'note', text: 'No workflows yet.' })
    : table(['Workflow', 'Trigger', 'Enabled', 'Entered', 'Completed', 'Converted', 'Conversion'], list, (w, column) => ({
      Workflow: el('a', { href: '#/workflows/' + encodeURIComponent(w.name), text: w.name }),
      Trigger: w.trigger,
      Enabled: enableSwitch(w, status, () => workflowsView()),
      Entered: number(w.figures.entered),
      Completed: number(w.figures.completed),
      Converted: number(w.figures.converted),
      Conversion: w.figures.conversionPercent + ' %',
    })[column]);
  listBox.id = 'workflow-list';
  show(el('h2', { text: 'Workflows' }), status, listBox, el('h3', { text: 'New workflow' }), await workflowForm(status));
}

function enableSwitch(workflow, status, after) {
  return el('label', { class: 'switch' }, el('input', { type: 'checkbox', class: 'enable', checked: workflow.enabled,
    dataset: { workflow: workflow.name }, on: { change: async event => {
      try {
        await post('/api/workflows/' + encodeURIComponent(workflow.name) + '/' + (event.target.checked ? 'enable' : 'disable'));
        await after();
      } catch (error) {
        status.fail(error);
      }
    } } }), workflow.enabled ? ' on' : ' off');
}

function stepList(steps) {
  return el('ol', { class: 'steps' }, ...steps.map(step => el('li', {}, step.text,
    step.then && step.then.length ? el('div', {}, 'then: ', stepList(step.then)) : null,
    step.else && step.else.length ? el('div', {}, 'otherwise: ', stepList(step.else)) : null)));
}

async function workflowView(name) {
  const w = await api('/api/workflows/' + encodeURIComponent(name));
  const status = statusLine('workflow-status');
  const segments = await api('/api/segments');
  const audience = select('segment', segments.map(s => s.name), segments.length ? segments[0].name : '', { id: 'broadcast-segment' });
  const figures = w.figures;
  show(el('h2', { text: 'Workflow ' + w.name }), status,
    el('div', { class: 'toolbar' }, el('span', { text: 'Enabled' }), enableSwitch(w, status, () => workflowView(name))),
    el('div', { id: 'workflow-figures', class: 'stats' }, ...[['entered', figures.entered], ['active', figures.active],
      ['completed', figures.completed], ['exited on goal', figures.exitedOnGoal], ['converted', figures.converted],
      ['conversion', figures.conversionPercent + ' %'], ['failed', figures.failed]].map(([label, value]) =>
      el('div', { class: 'card stat', dataset: { figure: label } }, el('div', { class: 'value', text: typeof value === 'number' ? number(value) : value }),
        el('div', { class: 'label', text: label })))),
    el('dl', {}, el('dt', { text: 'Trigger' }), el('dd', { text: w.trigger }),
      el('dt', { text: 'Consent' }), el('dd', { text: w.consent }),
      el('dt', { text: 'Goal' }), el('dd', { text: w.goal })),
    el('h3', { text: 'Steps' }), stepList(w.steps),
    el('h3', { text: 'Send to a segment now' }),
    el('div', { class: 'toolbar' }, audience, el('button', { id: 'broadcast', text: 'Enroll its members', on: { click: async () => {
      try {
        const answer = await post('/api/workflows/' + encodeURIComponent(name) + '/broadcast', { segment: audience.value });
        await workflowView(name);
        document.getElementById('workflow-status').textContent = number(answer.broadcast.enrolled) + ' of '
          + number(answer.broadcast.members) + ' members enrolled';
      } catch (error) {
        status.fail(error);
      }
    } } })),
    el('h3', { text: 'Failed enrollments' }),
    w.failed.length === 0 ? el('p', { class: 'note', text: 'None.' })
      : table(['Customer', 'Step', 'Entered', 'Reason', ''], w.failed, (e, column) => ({
        Customer: el('a', { href: '#/profile/' + encodeURIComponent(e.profileId), text: e.customer }),
        Step: e.step, Entered: e.enteredAt, Reason: e.reason,
        '': el('button', { text: 'Retry', on: { click: async () => {
          try {
            await post('/api/workflows/enrollments/' + encodeURIComponent(e.id) + '/retry');
            await workflowView(name);
          } catch (error) {
            status.fail(error);
          }
        } } }),
      })[column]),
    el('p', {}, el('a', { href: '#/workflows', text: 'All workflows' })));
}

function stepFieldset(index) {
  const kind = select('stepType', [['wait', 'Wait'], ['sendEmail', 'Send email'], ['sendMessage', 'Send message']], 'wait');
  const details = el('span', {});
  const draw = () => {
    if (kind.value === 'wait') {
      details.replaceChildren(labelled('days', input('days', '1', { type: 'number', min: 0, class: 'small' })));
    } else if (kind.value === 'sendEmail') {
      details.replaceChildren(labelled('Subject', input('subject', 'Hello {{first_name}}', { size: 24 })),
        labelled('Text', input('body', 'Thanks for being with us.', { size: 30 })));
    } else {
      details.replaceChildren(labelled('Channel', select('channel', ['sms', 'whatsapp'], 'sms')),
        labelled('Text', input('text', 'See you soon!', { size: 30 })));
    }
  };
  kind.addEventListener('change', draw);
  draw();
  const fieldset = el('fieldset', { class: 'step' }, el('legend', { text: 'Step' }), kind, details,
    el('button', { type: 'button', text: 'Remove', on: { click: () => fieldset.remove() } }));
  return fieldset;
}

// The merge tags a text uses ({{first_name}}), each read from the profile attribute of that name.
function mergeTags(...texts) {
  const names = new Set(texts.flatMap(text => [...text.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map(m => m[1])));
  return [...names].map(name => ({ name, source: name, default: name === 'first_name' ? 'there' : '' }));
}

function readStep(fieldset, index) {
  const get = name => fieldset.querySelector('[name="' + name + '"]').value;
  const id = 'step-' + (index + 1);
  switch (get('stepType')) {
    case 'sendEmail':
      return { type: 'sendEmail', id, templateId: id, addressProperty: '$identifier.email', subject: get('subject'),
        textBody: get('body'), htmlBody: '<p>' + get('body').replace(/[<>&]/g, '') + '</p>',
        tags: mergeTags(get('subject'), get('body')) };
    case 'sendMessage': {
      const channel = get('channel');
      return { type: 'sendMessage', id, channel, templateId: id,
        phoneProperty: channel === 'whatsapp' ? '$identifier.whatsapp' : '$identifier.phone', text: get('text'),
        tags: mergeTags(get('text')) };
    }
    default:
      return { type: 'wait', id, duration: 'P' + Math.max(0, Number(get('days'))) + 'D' };
  }
}

async function workflowForm(status) {
  const types = await eventTypes();
  const segmentNames = (await api('/api/segments')).map(s => s.name);
  const triggerKind = select('triggerType', [['eventAdded', 'An event happens'], ['enteredSegment', 'Enters a segment'],
    ['leftSegment', 'Leaves a segment'], ['broadcastOnly', 'Only when sent to a segment']], 'eventAdded');
  const triggerEvent = select('triggerEvent', types, types[0]);
  const triggerSegment = select('triggerSegment', segmentNames, segmentNames[0]);
  const goalKind = select('goalType', [['', 'No goal'], ['event', 'An event happens'], ['segment', 'Matches an expression']], '');
  const goalEvent = select('goalEvent', types, types[0]);
  const goalExpression = input('goalExpression', '', { placeholder: 'event "purchase" at least 1', size: 30 });
  const sync = () => {
    triggerEvent.hidden = triggerKind.value !== 'eventAdded';
    triggerSegment.hidden = !triggerKind.value.endsWith('Segment');
    goalEvent.hidden = goalKind.value !== 'event';
    goalExpression.hidden = goalKind.value !== 'segment';
  };
  triggerKind.addEventListener('change', sync);
  goalKind.addEventListener('change', sync);
  sync();
  const steps = el('div', { class: 'steps-box' }, stepFieldset(0));
  const error = el('p', { class: 'error form-error' });
  const form = el('form', { class: 'card workflow-form', id: 'workflow-form' },
    labelled('Name', input('name', '', { placeholder: 'welcome-series', pattern: '[a-z][a-z0-9_-]*', required: true })),
    el('fieldset', {}, el('legend', { text: 'Trigger' }), triggerKind, triggerEvent, triggerSegment),
    el('fieldset', {}, el('legend', { text: 'Consent' }),
      select('consent', [['email', 'Needs email consent'], ['sms', 'Needs sms consent'],
        ['whatsapp', 'Needs whatsapp consent'], ['', 'Ignore consent']], 'email')),
    el('fieldset', {}, el('legend', { text: 'Goal' }), goalKind, goalEvent, goalExpression,
      labelled('Exit on goal', el('input', { type: 'checkbox', name: 'exitOnGoal' }))),
    el('fieldset', {}, el('legend', { text: 'Steps' }), steps,
      el('button', { type: 'button', id: 'add-step', text: '+ step', on: { click: () => steps.append(stepFieldset()) } })),
    el('button', { type: 'submit', id: 'create-workflow', text: 'Create workflow' }), error);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const value = name => form.elements.namedItem(name).value;
    const trigger = triggerKind.value === 'eventAdded' ? { type: 'eventAdded', eventType: triggerEvent.value }
      : triggerKind.value === 'broadcastOnly' ? { type: 'broadcastOnly' }
        : { type: triggerKind.value, segment: triggerSegment.value };
    const exitOnGoal = form.elements.namedItem('exitOnGoal').checked;
    const goal = goalKind.value === 'event' ? { event: goalEvent.value, exitOnGoal }
      : goalKind.value === 'segment' ? { segment: goalExpression.value, exitOnGoal } : null;
    const body = {
      name: value('name'), trigger,
      consent: value('consent') ? { channel: value('consent') } : { ignoreConsent: true },
      reEntry: { policy: 'once' },
      steps: [...steps.querySelectorAll('fieldset.step')].map(readStep),
    };
    if (goal) body.goal = goal;
    try {
      const created = await post('/api/workflows', body);
      status.ok('Created "' + created.name + '" (disabled until you enable it)');
      location.hash = '#/workflows/' + encodeURIComponent(created.name);
    } catch (failure) {
      error.textContent = errorText(failure);
    }
  });
  return form;
}

PAGES.workflows = workflowsView;
