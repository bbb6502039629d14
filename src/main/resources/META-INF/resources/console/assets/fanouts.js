// The fanouts page: jobs with their counts, one started after a confirmation and watched live, a job's per-device
// results paged and filtered by status, and a running job cancelled.
'use strict';

const jobsView = { id: null, offset: 0, status: '' };
const resultPages = pager({ info: 'results-info', previous: 'results-previous', next: 'results-next' }, jobsView,
  () => results());

function countsText(counts) {
  return Object.entries(counts || {}).map(([status, n]) => status + ': ' + n).join(', ');
}

async function fanouts() {
  const r = await api('/api/v1/fanouts');
  if (!r.ok) {
    return;
  }
  const jobs = await r.json();
  const tbody = document.querySelector('#fanout-list tbody');
  tbody.replaceChildren();
  jobs.forEach((j) => {
    const tr = document.createElement('tr');
    const name = cell(tr, '');
    name.appendChild(linkButton(j.id, () => watchFanout(j.id)));
    cell(tr, j.status);
    cell(tr, j.answered + ' / ' + j.total);
    cell(tr, countsText(j.counts));
    tbody.appendChild(tr);
  });
}

function progressText(j, began) {
  const done = j.total === 0 ? 100 : Math.round(100 * j.answered / j.total);
  const seconds = Math.max(0.001, (Date.now() - began) / 1000);
  const rate = j.answered / seconds;
  const left = j.total - j.answered;
  const eta = j.status === 'running' && rate > 0 && left > 0 ? ', about ' + Math.ceil(left / rate) + ' s left' : '';
  return { done, text: 'job ' + j.id + ': ' + j.status + ', ' + j.answered + ' of ' + j.total + ' answered (' + done
    + ' %; ' + rate.toFixed(1) + '/s' + eta + ') ' + countsText(j.counts) };
}

// the job's progress until it ends: answered of total, results by status, throughput and time left
async function watchFanout(id) {
  const began = Date.now();
  jobsView.id = id;
  jobsView.offset = 0;
  jobsView.status = '';
  for (;;) {
    const r = await api('/api/v1/fanouts/' + encodeURIComponent(id));
    if (!r.ok || jobsView.id !== id) {
      return;
    }
    const j = await r.json();
    const p = progressText(j, began);
    document.getElementById('fanout-progress').value = p.done;
    document.getElementById('fanout-status').textContent = p.text;
    document.getElementById('fanout-cancel').hidden = !may('operator') || j.status !== 'running';
    showStatuses(j.counts);
    await results();
    if (j.status !== 'running' && j.status !== 'created') {
      fanouts();
      return;
    }
    await new Promise((resolve) => { window.setTimeout(resolve, 500); });
  }
}

// the statuses a job's results may be filtered by: those it has
function showStatuses(counts) {
  const select = document.getElementById('result-status');
  const wanted = [''].concat(Object.keys(counts || {}));
  if (Array.from(select.options).map((o) => o.value).join() === wanted.join()) {
    return;
  }
  select.replaceChildren();
  wanted.forEach((s) => {
    const o = document.createElement('option');
    o.value = s;
    o.textContent = s === '' ? 'any' : s + ' (' + counts[s] + ')';
    select.appendChild(o);
  });
  select.value = jobsView.status;
}

async function results() {
  document.getElementById('fanout-results').hidden = false;
  document.getElementById('results-title').textContent = 'Results of ' + jobsView.id;
  const r = await api('/api/v1/fanouts/' + encodeURIComponent(jobsView.id) + '/results?'
    + pageQuery(jobsView, { status: jobsView.status }));
  const tbody = document.querySelector('#result-list tbody');
  if (!r.ok) {
    document.getElementById('results-info').textContent = await refusal(r);
    return;
  }
  const page = await r.json();
  tbody.replaceChildren();
  page.items.forEach((d) => {
    row(tbody, d.devId, d.status == null ? 'pending' : d.status, d.data, d.attempts);
  });
  resultPages.show(page, 'no results');
}

async function cancelFanout() {
  if (!window.confirm('Cancel job ' + jobsView.id + '? Devices not answered yet are not tried.')) {
    return;
  }
  const r = await send('/api/v1/fanouts/' + encodeURIComponent(jobsView.id) + '/cancel', 'POST');
  document.getElementById('fanout-status').textContent = r.ok ? 'job ' + jobsView.id + ' cancelled'
    : await refusal(r);
}

function retryPolicy() {
  const attempts = Number(document.getElementById('fanout-attempts').value || '1');
  const backoff = Number(document.getElementById('fanout-backoff').value || '0');
  return attempts > 1 ? { attempts, backoffMillis: Math.round(backoff * 1000) } : undefined;
}

// another command for each device, run after the ones before it (a Replace of a URL, then an Exec of the update)
function addCommand() {
  const first = document.querySelector('.fanout-command');
  const more = first.cloneNode(true);
  more.querySelectorAll('[id]').forEach((e) => e.removeAttribute('id'));
  more.querySelectorAll('input').forEach((e) => {
    e.value = '';
    e.required = false; // a row left empty is not sent
  });
  document.getElementById('fanout-add-command').before(more);
  more.querySelector('select').focus();
}

function commands() {
  return Array.from(document.querySelectorAll('.fanout-command')).map((row) => {
    const c = { op: row.querySelector('[name=op]').value, path: row.querySelector('[name=path]').value };
    const data = row.querySelector('[name=data]').value;
    if (data) {
      c.data = data;
    }
    return c;
  }).filter((c) => c.path);
}

function commandText(c) {
  return c.op + ' ' + c.path + (c.data ? ' = "' + c.data + '"' : '');
}

async function startFanout() {
  const devIds = document.getElementById('fanout-devices').value.split(',').map((d) => d.trim()).filter((d) => d);
  const group = document.getElementById('fanout-group').value.trim();
  const model = document.getElementById('fanout-model').value.trim();
  const cmds = commands();
  // one kind of target: listed devices, a group, or every device of a model
  const targets = group ? { group } : model ? { filter: { model } } : { devIds };
  const retry = retryPolicy();
  const what = cmds.map(commandText).join(', then ') + ' on '
    + (group ? 'group ' + group : model ? 'every device of model ' + model
      : devIds.length + ' devices (' + devIds.join(', ') + ')')
    + (retry ? ', each tried up to ' + retry.attempts + ' times' : '');
  if (!window.confirm('Start ' + what + '?')) {
    return;
  }
  const r = await send('/api/v1/fanouts', 'POST', { targets, commands: cmds, timeoutSeconds: 300, retry });
  if (!r.ok) {
    document.getElementById('fanout-status').textContent = await refusal(r);
    return;
  }
  watchFanout((await r.json()).id);
}

PAGES.fanouts = {
  load: fanouts,
  role: 'viewer',
  bind() {
    onSubmit('fanout-start', startFanout);
    document.getElementById('fanout-add-command').addEventListener('click', addCommand);
    document.getElementById('fanout-cancel').addEventListener('click', cancelFanout);
    document.getElementById('result-status').addEventListener('change', (e) => {
      jobsView.status = e.target.value;
      jobsView.offset = 0;
      results();
    });
    resultPages.bind();
  },
};
