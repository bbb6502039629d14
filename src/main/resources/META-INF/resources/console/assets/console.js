// The operator console: every number and record on its pages comes from /api/v1, as any client gets it, signed in by
// the session cookie (docs/console.md). A change also sends the console's header, which the gateway requires of a
// change signed in by the cookie (cross-site requests cannot add it). Controls a role may not use are not shown; the
// API refuses them anyway. This file holds what every page uses; each page's own script (devices.js, fanouts.js, ...)
// adds itself to PAGES.
'use strict';

const PAGE = 50;
const ROLES = ['viewer', 'operator', 'admin'];
const state = { role: 'viewer' };
// name -> { load(): shows its data, bind(): wires its controls once, role: the least role that may open it }
const PAGES = {};

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (options.method && options.method !== 'GET') {
    headers['X-Gateway-Console'] = '1';
  }
  const r = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin' }));
  if (r.status === 401) {
    window.location.assign('/console/login.html');
    throw new Error('signed out');
  }
  return r;
}

// a change with a JSON body (or none)
function send(path, method, body) {
  const options = { method };
  if (body !== undefined) {
    options.headers = { 'Content-Type': 'application/json' };
    options.body = JSON.stringify(body);
  }
  return api(path, options);
}

// what the API said when it refused: its message, else the status
async function refusal(r) {
  const answer = await r.json().catch(() => ({}));
  return answer.error || ('refused (' + r.status + ')');
}

function may(role) {
  return ROLES.indexOf(state.role) >= ROLES.indexOf(role);
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  row.appendChild(td);
  return td;
}

function row(tbody, ...texts) {
  const tr = document.createElement('tr');
  texts.forEach((t) => cell(tr, t));
  tbody.appendChild(tr);
  return tr;
}

// a button that looks like a link: a device, a tree node or a job to open, reachable by keyboard
function linkButton(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

// a write control in a table row: shown to operators only
function actionButton(text, label, onClick) {
  const b = linkButton(text, onClick);
  b.className = 'link action write';
  b.setAttribute('aria-label', label);
  b.hidden = !may('operator');
  return b;
}

function bytes(n) {
  if (n == null) {
    return '';
  }
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}

// "1 image", "3 images"
function count(n, thing) {
  return n + ' ' + thing + (n === 1 ? '' : 's');
}

// Previous and Next over a paged listing: view.offset moves a PAGE at a time; the info says where the page is
function pager(ids, view, load) {
  return {
    bind() {
      document.getElementById(ids.previous).addEventListener('click', () => {
        view.offset = Math.max(0, view.offset - PAGE);
        load();
      });
      document.getElementById(ids.next).addEventListener('click', () => {
        view.offset += PAGE;
        load();
      });
    },
    show(page, none) {
      const last = Math.min(view.offset + page.items.length, page.total);
      document.getElementById(ids.info).textContent = page.total === 0 ? none
        : (view.offset + 1) + '–' + last + ' of ' + page.total;
      document.getElementById(ids.previous).disabled = view.offset === 0;
      document.getElementById(ids.next).disabled = last >= page.total;
    },
  };
}

// the query of a listing's page: its offset, a PAGE of items, and the filters that are set
function pageQuery(view, filters = view.filters) {
  const q = new URLSearchParams({ offset: view.offset, limit: PAGE });
  Object.entries(filters || {}).forEach(([k, v]) => { if (v) { q.set(k, v); } });
  return q;
}

// a filter form: on submit its fields (as adjust leaves them) become the view's filters, from the first page
function filterForm(id, view, load, adjust = (filters) => filters) {
  onSubmit(id, (form) => {
    view.filters = adjust(Object.fromEntries(new FormData(form)));
    view.offset = 0;
    load();
  });
}

function fillCounts(tbody, counts) {
  tbody.replaceChildren();
  Object.entries(counts).sort((a, b) => b[1] - a[1]).forEach(([name, n]) => row(tbody, name, n));
}

function onSubmit(id, handler) {
  document.getElementById(id).addEventListener('submit', (e) => {
    e.preventDefault();
    handler(e.target);
  });
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '–';
}

// the DM server connection: sessions, the last one's outcome and error, the next, the alerts waiting
function dmServerText(n) {
  if (!n.enabled) {
    return 'none (standalone)';
  }
  return n.serverId + ': ' + count(n.sessions, 'session') + ', the last ' + (n.lastOutcome || '–') + ' at '
    + time(n.lastSessionAt) + (n.lastError ? ' (' + n.lastError + ')' : '') + ', the next at ' + time(n.nextSessionAt)
    + ', ' + count(n.queuedAlerts, 'alert') + ' queued';
}

async function overview() {
  const [summary, north, jobs, store, links] = await Promise.all([api('/api/v1/inventory/summary'),
    api('/api/v1/northbound'), api('/api/v1/fanouts'), api('/api/v1/image-store'), api('/api/v1/adapters/links')]);
  if (summary.ok) {
    const s = await summary.json();
    document.getElementById('count-all').textContent = s.count;
    document.getElementById('count-attached').textContent = s.attached;
    document.getElementById('count-detached').textContent = s.detached;
    document.getElementById('count-pending').textContent = s.pending;
    fillCounts(document.querySelector('#by-mode tbody'), s.byMode);
    fillCounts(document.querySelector('#by-model tbody'), s.byModel);
  }
  if (north.ok) {
    document.getElementById('dm-server').textContent = dmServerText(await north.json());
  }
  if (jobs.ok) {
    const running = (await jobs.json()).filter((j) => j.status === 'running');
    document.getElementById('fanouts-running').textContent = running.length;
  }
  if (links.ok) {
    const tbody = document.querySelector('#adapter-links tbody');
    tbody.replaceChildren();
    (await links.json()).forEach((l) => {
      const tr = row(tbody, l.protocol, l.target, l.state, l.lastError);
      tr.children[2].className = 'status ' + l.state;
    });
  }
  if (store.ok) {
    const u = await store.json();
    document.getElementById('image-use').textContent = count(u.entries, 'image') + ', ' + bytes(u.usedBytes)
      + ' of ' + bytes(u.quotaBytes);
  }
}

PAGES.overview = { load: overview, role: 'viewer' };

function show(page) {
  const name = PAGES[page] && may(PAGES[page].role) ? page : 'overview';
  Object.keys(PAGES).forEach((p) => { document.getElementById(p).hidden = p !== name; });
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.getAttribute('href') === '#' + name) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  PAGES[name].load();
}

async function start() {
  const r = await api('/api/v1/session');
  const me = await r.json();
  state.role = me.role;
  document.getElementById('user').textContent = me.user;
  document.getElementById('role').textContent = me.role;
  document.body.dataset.role = me.role;
  // the tree and every change are the operators' (the API's rule), the audit trail the admins'
  document.querySelectorAll('.tree, .write').forEach((f) => { f.hidden = !may('operator'); });
  document.querySelectorAll('.admin-only').forEach((f) => { f.hidden = !may('admin'); });

  document.getElementById('sign-out').addEventListener('click', async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => {});
    window.location.assign('/console/login.html');
  });
  Object.values(PAGES).forEach((p) => { if (p.bind) { p.bind(); } });
  window.addEventListener('hashchange', () => show(window.location.hash.slice(1) || 'overview'));
  show(window.location.hash.slice(1) || 'overview');
  // live numbers: the overview is polled every 2 s while it is shown
  window.setInterval(() => { if (!document.getElementById('overview').hidden) { overview(); } }, 2000);
}

document.addEventListener('DOMContentLoaded', start);
