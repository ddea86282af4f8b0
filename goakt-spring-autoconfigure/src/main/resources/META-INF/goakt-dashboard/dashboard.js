// goakt dashboard: renders the snapshots the server pushes on its event stream. No framework, no build step.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
  const actionsEnabled = meta('goakt-actions') === 'true';
  const csrfHeader = meta('goakt-csrf-header');
  const csrfToken = meta('goakt-csrf-token');

  const STATUS = { RUNNING: '✓ running', SUSPENDED: '‖ suspended', STOPPING: '… stopping', STOPPED: '✕ stopped' };
  const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const collator = new Intl.Collator('en', { numeric: true });
  const GUARDIAN = '/user';
  const expanded = new Set([GUARDIAN]); // paths the viewer opened; the guardian starts open
  const rows = new Map();            // path -> <li>
  let snapshot = null;               // the last snapshot
  let byPath = new Map();            // path -> node of the last snapshot
  let childrenOf = new Map();        // parent path -> [child paths] of the last snapshot
  let selected = null;               // path of the selected actor
  let focused = null;                // path of the row that takes Tab focus
  let query = '';
  let searchResult = null;           // server search answer while the snapshot is truncated
  let searchTimer = null;
  let firstRender = null;

  const parentOf = (p) => p.slice(0, p.lastIndexOf('/'));
  const nameOf = (p) => p.slice(p.lastIndexOf('/') + 1);

  // ---- stream ----
  function connect() {
    const source = new EventSource('stream');
    source.addEventListener('open', () => { $('connection').textContent = '● live'; });
    source.addEventListener('error', () => { $('connection').textContent = '○ reconnecting'; });
    source.addEventListener('snapshot', (e) => {
      const started = performance.now();
      apply(JSON.parse(e.data));
      const took = performance.now() - started;
      window.goaktDashboard.updates.push(took);
      if (firstRender === null) {
        firstRender = performance.now();
        window.goaktDashboard.firstRenderMillis = firstRender;
      }
    });
  }
  window.goaktDashboard = { updates: [], firstRenderMillis: null, snapshots: 0 };

  function apply(s) {
    snapshot = s;
    window.goaktDashboard.snapshots++;
    byPath = new Map();
    childrenOf = new Map();
    // the user guardian: the root every application actor hangs from
    byPath.set(GUARDIAN, { p: GUARDIAN, s: 'RUNNING', k: 'user guardian', m: 0, r: 0, x: 0, c: s.topLevel, d: s.actors,
      guardian: true });
    for (const n of s.nodes) {
      byPath.set(n.p, n);
      const parent = parentOf(n.p);
      if (!childrenOf.has(parent)) childrenOf.set(parent, []);
      childrenOf.get(parent).push(n.p);
    }
    // siblings by name, numbers in names compared as numbers (member-2 before member-10)
    for (const kids of childrenOf.values()) kids.sort((a, b) => collator.compare(nameOf(a), nameOf(b)));
    $('system').textContent = s.system;
    $('actor-count').textContent = fmt.format(s.actors);
    $('dead-rate').textContent = fmt.format(s.deadLetters.perSecond);
    $('dead-total').textContent = fmt.format(s.deadLetters.total);
    $('tick-ms').textContent = fmt.format(s.tickMillis) + ' ms';
    if (query && s.truncated) {
      runSearch();
    }
    renderTree();
    renderDetails();
    renderLog($('dead-letters'), s.deadLetters.latest.slice().reverse(),
      (d) => `${time(d.time)} ${d.reason} → ${d.receiver ?? '(none)'} ${short(d.messageType) ?? ''}`);
    renderLog($('events'), s.events.slice().reverse(),
      (e) => `${time(e.time)} ${e.type} ${e.path}${e.detail ? ' — ' + e.detail : ''}`);
    renderSide(s);
  }

  // ---- tree ----
  function roots() {
    const out = [];
    for (const n of byPath.values()) if (!byPath.has(parentOf(n.p))) out.push(n.p);
    return out;
  }

  /** The rows to show, in order: [path, level] pairs, plus "n more" markers. */
  function visible() {
    const out = [];
    if (query) {
      const q = query.toLowerCase();
      const nodes = searchResult && snapshot.truncated ? searchResult.nodes
        : [...byPath.values()].filter((n) => !n.guardian && nameOf(n.p).toLowerCase().includes(q));
      for (const n of nodes.slice(0, 500)) out.push({ path: n.p, level: 1, node: n });
      return out;
    }
    const walk = (paths, level) => {
      for (const p of paths) {
        const node = byPath.get(p);
        out.push({ path: p, level, node });
        if (expanded.has(p)) {
          const kids = childrenOf.get(p) || [];
          walk(kids, level + 1);
          if (node.c > kids.length) out.push({ more: node.c - kids.length, parent: p, level: level + 1 });
        }
      }
    };
    const top = roots().sort((a, b) => collator.compare(nameOf(a), nameOf(b)));
    walk(top, 1);
    return out;
  }

  function renderTree() {
    const list = visible();
    const tree = $('tree');
    const keep = new Set();
    let previous = null;
    for (const item of list) {
      const key = item.more ? 'more:' + item.parent : item.path;
      keep.add(key);
      let li = rows.get(key);
      if (!li) {
        li = item.more ? moreRow() : newRow(item.path);
        rows.set(key, li);
      }
      if (item.more) {
        li.firstChild.textContent = `${fmt.format(item.more)} more children not listed — search by name to find them`;
        li.style.paddingLeft = (item.level * 1.2) + 'em';
      } else {
        fillRow(li, item.node, item.level);
      }
      const want = previous ? previous.nextSibling : tree.firstChild;
      if (want !== li) tree.insertBefore(li, want);
      previous = li;
    }
    for (const [key, li] of rows) {
      if (!keep.has(key)) { li.remove(); rows.delete(key); }
    }
    if (!focused || !rows.has(focused)) {
      const first = list.find((i) => !i.more);
      focused = first ? first.path : null;
    }
    for (const [key, li] of rows) if (!key.startsWith('more:')) li.tabIndex = key === focused ? 0 : -1;
    const shownNote = snapshot.truncated
      ? `Showing ${fmt.format(snapshot.shown)} of ${fmt.format(snapshot.actors)} actors (top levels first); search finds the rest.`
      : '';
    $('tree-note').textContent = query
      ? `${fmt.format(list.length)} match${list.length === 1 ? '' : 'es'}${searchResult && snapshot.truncated ? ` of ${fmt.format(searchResult.matches)}` : ''}`
      : shownNote;
  }

  function moreRow() {
    const li = document.createElement('li');
    li.setAttribute('role', 'none');
    li.className = 'more';
    li.appendChild(document.createElement('span'));
    return li;
  }

  function newRow(path) {
    const li = document.createElement('li');
    li.setAttribute('role', 'treeitem');
    li.dataset.path = path;
    li.tabIndex = -1;
    li.innerHTML = '<div class="row"><span class="name"><span class="twisty" aria-hidden="true"></span>'
      + '<span class="label"></span> <span class="count"></span></span><span class="status"></span>'
      + '<span class="num mailbox"></span><span class="num rate"></span><span class="num restarts"></span>'
      + '<span class="fail"></span></div>';
    const row = li.firstChild;
    li.cells = {
      twisty: row.querySelector('.twisty'), label: row.querySelector('.label'), count: row.querySelector('.count'),
      status: row.querySelector('.status'), mailbox: row.querySelector('.mailbox'), rate: row.querySelector('.rate'),
      restarts: row.querySelector('.restarts'), fail: row.querySelector('.fail'),
    };
    li.addEventListener('click', () => { select(path); toggle(path); });
    li.addEventListener('focus', () => {
      if (focused !== path) {
        const before = rows.get(focused);
        if (before) before.tabIndex = -1;
        focused = path;
        li.tabIndex = 0;
      }
    });
    return li;
  }

  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  function setAttr(el, name, value) { if (el.getAttribute(name) !== value) el.setAttribute(name, value); }

  // Writes only what changed: with 2,000 rows a tick, untouched cells cost no layout.
  function fillRow(li, n, level) {
    const row = li.firstChild;
    const cells = li.cells;
    const hasKids = n.c > 0 && !query;
    setAttr(li, 'aria-level', String(level));
    if (hasKids) setAttr(li, 'aria-expanded', String(expanded.has(n.p)));
    else li.removeAttribute('aria-expanded');
    setAttr(li, 'aria-selected', String(selected === n.p));
    const indent = ((level - 1) * 1.2 + 0.3) + 'em';
    if (row.style.paddingLeft !== indent) row.style.paddingLeft = indent;
    setText(cells.twisty, hasKids ? (expanded.has(n.p) ? '▾' : '▸') : '');
    setText(cells.label, query ? n.p : nameOf(n.p));
    setText(cells.count, n.c > 0 && n.d !== undefined
      ? `(${fmt.format(n.c)} children, ${fmt.format(n.d)} below)` : (n.c > 0 ? `(${fmt.format(n.c)} children)` : ''));
    setText(cells.status, STATUS[n.s] || n.s);
    if (cells.status.className !== 'status st-' + n.s) cells.status.className = 'status st-' + n.s;
    setText(cells.mailbox, fmt.format(n.m));
    setText(cells.rate, fmt.format(n.r));
    setText(cells.restarts, fmt.format(n.x));
    setText(cells.fail, n.f ? `⚠ ${short(n.f.exception)} ${time(n.f.time)}` : '');
    setAttr(li, 'aria-label', `${nameOf(n.p)}, ${n.s.toLowerCase()}, mailbox ${n.m}, `
      + `${fmt.format(n.r)} messages per second, ${n.x} restarts${n.f ? ', last failure ' + short(n.f.exception) : ''}`);
  }

  function toggle(path, open) {
    const n = byPath.get(path);
    if (!n || n.c === 0 || query) return;
    const want = open === undefined ? !expanded.has(path) : open;
    if (want) expanded.add(path); else expanded.delete(path);
    renderTree();
  }

  function select(path) {
    selected = path;
    focused = path;
    renderTree();
    renderDetails();
    const li = rows.get(path);
    if (li) li.focus();
  }

  $('tree').addEventListener('keydown', (e) => {
    const items = [...$('tree').querySelectorAll('li[role=treeitem]')];
    const current = e.target.closest('li[role=treeitem]');
    const i = items.indexOf(current);
    if (i < 0) return;
    const path = items[i].dataset.path;
    const n = byPath.get(path) || (searchResult && searchResult.nodes.find((x) => x.p === path));
    const move = (j) => { if (items[j]) { focused = items[j].dataset.path; renderTree(); items[j].focus(); } };
    switch (e.key) {
      case 'ArrowDown': move(i + 1); break;
      case 'ArrowUp': move(i - 1); break;
      case 'Home': move(0); break;
      case 'End': move(items.length - 1); break;
      case 'ArrowRight':
        if (n && n.c > 0 && !expanded.has(path) && !query) toggle(path, true);
        else move(i + 1);
        break;
      case 'ArrowLeft':
        if (expanded.has(path) && !query) toggle(path, false);
        else {
          const parent = items.findIndex((li) => li.dataset.path === parentOf(path));
          if (parent >= 0) move(parent);
        }
        break;
      case 'Enter': case ' ': select(path); break;
      default: return;
    }
    e.preventDefault();
  });

  // ---- search ----
  $('search').addEventListener('input', (e) => {
    query = e.target.value.trim();
    searchResult = null;
    clearTimeout(searchTimer);
    if (query && snapshot && snapshot.truncated) searchTimer = setTimeout(runSearch, 200);
    if (snapshot) renderTree();
  });

  function runSearch() {
    const q = query;
    fetch('api/search?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
      .then((r) => r.ok ? r.json() : null)
      .then((answer) => { if (answer && q === query) { searchResult = answer; renderTree(); } });
  }

  // ---- details and actions ----
  function renderDetails() {
    const body = $('details-body');
    const n = selected && (byPath.get(selected) || (searchResult && searchResult.nodes.find((x) => x.p === selected)));
    $('actions').hidden = !(actionsEnabled && n && !n.guardian);
    if (!n) {
      if (selected) body.innerHTML = '<p class="note"></p>', body.firstChild.textContent = `${selected} is gone.`;
      return;
    }
    const fields = [['Path', n.p], ['Kind', n.k ?? '–'], ['Status', STATUS[n.s] || n.s], ['Mailbox', fmt.format(n.m)],
      ['Messages/s', fmt.format(n.r)], ['Restarts', fmt.format(n.x)], ['Children', fmt.format(n.c)]];
    if (n.f) {
      fields.push(['Last failure', `${n.f.exception}${n.f.detail ? ': ' + n.f.detail : ''}`],
        ['Failed at', n.f.time], ['On message', n.f.messageType ?? '(none)']);
    }
    const dl = document.createElement('dl');
    for (const [k, v] of fields) {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = v;
      dl.append(dt, dd);
    }
    body.replaceChildren(dl);
  }

  function post(url, body) {
    const headers = { Accept: 'application/json' };
    if (csrfHeader) headers[csrfHeader] = csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(url, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(async (r) => {
        const answer = await r.json().catch(() => ({}));
        $('action-result').textContent = r.ok ? `✓ ${answer.action} ${answer.path}` : `✕ ${answer.error || r.status}`;
      });
  }
  $('act-stop').addEventListener('click', () => post('api/stop?path=' + encodeURIComponent(selected)));
  $('act-restart').addEventListener('click', () => post('api/restart?path=' + encodeURIComponent(selected)));
  $('send-form').addEventListener('submit', (e) => {
    e.preventDefault();
    let message;
    try { message = JSON.parse($('send-json').value || '{}'); } catch (err) {
      $('action-result').textContent = '✕ the message is not JSON: ' + err.message; return;
    }
    post('api/send', { path: selected, type: $('send-type').value, message });
  });

  // ---- side panels ----
  function renderLog(ol, items, line) {
    const texts = items.map(line);
    if (ol.childElementCount === texts.length && [...ol.children].every((li, i) => li.textContent === texts[i])) return;
    ol.replaceChildren(...texts.map((t) => { const li = document.createElement('li'); li.textContent = t; return li; }));
  }

  function renderSide(s) {
    $('remoting-panel').hidden = !s.remoting;
    if (s.remoting) {
      const r = s.remoting;
      $('remoting').textContent = `${r.endpoint} — ${r.openConnections} connections, `
        + `${fmt.format(r.sentPerSecond)} sent/s, ${fmt.format(r.receivedPerSecond)} received/s`;
    }
    $('grains-panel').hidden = !s.grains;
    if (s.grains) renderLog($('grains'), Object.entries(s.grains), ([kind, count]) => `${kind}: ${count} active`);
    $('cluster-panel').hidden = !s.cluster;
    if (s.cluster) {
      $('cluster-view').textContent = `view ${s.cluster.viewId}, ${s.cluster.members.length} members`;
      renderLog($('members'), s.cluster.members, (m) => `${m.status === 'UP' ? '✓' : '✕'} ${m.status} ${m.id}`
        + `${m.id === s.cluster.self ? ' (this member)' : ''} ${m.host}${m.roles ? ' roles ' + m.roles : ''}`
        + `${m.singletons ? ' singletons ' + m.singletons : ''}`);
    }
  }

  const time = (iso) => (iso ? iso.slice(11, 19) : '');
  const short = (cls) => (cls ? cls.slice(cls.lastIndexOf('.') + 1) : cls);

  connect();
})();
