// The groups page: groups and their members; operators create groups and add or remove members.
'use strict';

const groupView = { name: null };

async function groups() {
  const r = await api('/api/v1/groups');
  if (!r.ok) {
    return;
  }
  const tbody = document.querySelector('#group-list tbody');
  tbody.replaceChildren();
  (await r.json()).forEach((g) => {
    const tr = document.createElement('tr');
    cell(tr, '').appendChild(linkButton(g.name, () => showGroup(g.name)));
    cell(tr, g.displayName);
    cell(tr, g.members.length);
    tbody.appendChild(tr);
  });
  if (groupView.name) {
    await showGroup(groupView.name);
  }
}

async function showGroup(name) {
  groupView.name = name;
  const r = await api('/api/v1/groups/' + encodeURIComponent(name));
  const panel = document.getElementById('group');
  if (!r.ok) {
    panel.hidden = true;
    return;
  }
  const g = await r.json();
  panel.hidden = false;
  document.getElementById('group-title').textContent = 'Group ' + g.name + (g.displayName ? ' (' + g.displayName
    + ')' : '');
  const tbody = document.querySelector('#member-list tbody');
  tbody.replaceChildren();
  g.members.forEach((m) => {
    const tr = row(tbody, m.devId, m.member);
    cell(tr, '').appendChild(actionButton('Remove', 'Remove ' + m.devId + ' from ' + g.name,
      () => removeMember(g.name, m)));
  });
}

async function groupChange(r, done) {
  const out = document.getElementById('group-message');
  if (!r.ok) {
    out.textContent = await refusal(r);
    return;
  }
  await groups(); // the lists show the change before the message says it is done
  out.textContent = done;
}

async function createGroup(form) {
  const name = form.elements.name.value.trim();
  const displayName = form.elements.displayName.value.trim() || undefined;
  await groupChange(await send('/api/v1/groups', 'POST', { name, displayName }), 'group ' + name + ' created');
  groupView.name = name;
  await groups();
}

async function addMember(form) {
  const devId = form.elements.devId.value.trim();
  if (!window.confirm('Add ' + devId + ' to group ' + groupView.name + '?')) {
    return;
  }
  await groupChange(await send('/api/v1/groups/' + encodeURIComponent(groupView.name) + '/members', 'POST',
    { devId }), devId + ' added to ' + groupView.name);
}

async function removeMember(group, m) {
  if (!window.confirm('Remove ' + m.devId + ' from group ' + group + '?')) {
    return;
  }
  await groupChange(await send('/api/v1/groups/' + encodeURIComponent(group) + '/members/'
    + encodeURIComponent(m.member), 'DELETE'), m.devId + ' removed from ' + group);
}

PAGES.groups = {
  load: groups,
  role: 'viewer',
  bind() {
    onSubmit('group-create', createGroup);
    onSubmit('member-add', addMember);
  },
};
