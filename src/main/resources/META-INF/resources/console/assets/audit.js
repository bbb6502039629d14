// The audit page (admins): who changed what, newest first, filtered by actor, action, target and time, paged.
'use strict';

const auditView = { offset: 0, filters: {} };
const auditPages = pager({ info: 'audit-info', previous: 'audit-previous', next: 'audit-next' }, auditView,
  () => audit());

async function audit() {
  const r = await api('/api/v1/audit?' + pageQuery(auditView));
  const tbody = document.querySelector('#audit-list tbody');
  tbody.replaceChildren();
  if (!r.ok) {
    document.getElementById('audit-info').textContent = await refusal(r);
    return;
  }
  const page = await r.json();
  page.items.forEach((e) => {
    const tr = row(tbody, new Date(e.at).toISOString(), e.actor, e.source, e.action, e.target, e.outcome);
    tr.className = e.outcome >= 400 ? 'refused' : '';
  });
  auditPages.show(page, 'no events');
}

PAGES.audit = {
  load: audit,
  role: 'admin',
  bind() {
    filterForm('audit-filters', auditView, audit, (filters) => {
      ['from', 'to'].forEach((k) => { // the form's local time, as the instant the API takes
        if (filters[k]) {
          filters[k] = new Date(filters[k]).toISOString();
        }
      });
      return filters;
    });
    auditPages.bind();
  },
};
