// Alerts page: the token entered once (kept in this tab's sessionStorage), rules listed, created and deleted with it,
// and the alerts fired recently. Amounts are shown rounded ($1.20M); the API keeps them exact decimal strings.
'use strict';
(() => {
  const C = Cascade;
  const $ = id => document.getElementById(id);
  const hm = ms => C.utc(ms).substring(0, 16);
  const msg = (text, isError) => { $('formMsg').textContent = text; $('formMsg').className = isError ? 'error' : 'note'; };

  function showKind() {
    const oi = $('kind').value === 'OI_DROP';
    $('dropBox').hidden = !oi;
    $('thresholdBox').hidden = oi;
  }
  $('kind').addEventListener('change', showKind);
  showKind();

  function amount(rule) {
    return rule.kind === 'OI_DROP' ? '−' + (rule.oiDropPpm / 1e4).toFixed(2) + '% OI' : C.usd(Number(rule.thresholdUsd));
  }

  async function loadRules() {
    const body = $('rules').querySelector('tbody');
    if (!C.token.get()) {
      $('tokenState').textContent = 'no token entered';
      body.innerHTML = '<tr><td colspan="7" class="note wrap">Enter the API token above to list, create and delete rules.</td></tr>';
      return;
    }
    let rules;
    try {
      rules = await C.get('/api/alerts/rules');
    } catch (e) {
      $('tokenState').textContent = e.status === 401 ? 'the server refused this token' : e.message;
      body.innerHTML = '<tr><td colspan="7" class="note wrap">Rules unavailable: ' + C.esc(e.message) + '</td></tr>';
      return;
    }
    $('tokenState').textContent = 'token accepted';
    body.innerHTML = rules.map(r => '<tr data-id="' + C.esc(r.id) + '"><td>' + C.esc(r.kind) + '</td><td>' + C.esc(r.coin || 'any') + '</td><td class="num">'
      + amount(r) + '</td><td class="num">' + r.windowMinutes + ' min</td><td class="wrap">' + (r.webhookUrl ? C.esc(r.webhookUrl)
        + (r.webhook ? ' <span class="note">(' + r.webhook.delivered + ' sent, ' + r.webhook.failed + ' failed)</span>' : '') : '–')
      + '</td><td>' + hm(r.createdAt) + '</td><td><button class="danger" data-delete="' + C.esc(r.id) + '">Delete</button></td></tr>').join('')
      || '<tr><td colspan="7" class="note wrap">No rules yet: create one above.</td></tr>';
    C.labelCells($('rules'));
  }

  async function loadRecent() {
    const body = $('recent').querySelector('tbody');
    let fired;
    try {
      fired = await C.get('/api/alerts/recent');
    } catch (e) {
      body.innerHTML = '<tr><td colspan="4" class="note wrap">Recent alerts unavailable: ' + C.esc(e.message) + '</td></tr>';
      return;
    }
    body.innerHTML = fired.map(a => '<tr><td>' + C.utc(a.ts) + '</td><td>' + C.esc(a.kind) + '</td><td class="num">' + C.usd(Number(a.valueUsd))
      + '</td><td class="wrap">' + C.esc(a.message) + '</td></tr>').join('') || '<tr><td colspan="4" class="note wrap">No alert has fired.</td></tr>';
    C.labelCells($('recent'));
  }

  $('tokenForm').addEventListener('submit', e => {
    e.preventDefault();
    C.token.set($('token').value.trim());
    $('token').value = '';
    loadRules();
  });
  $('forget').addEventListener('click', () => { C.token.set(''); loadRules(); });

  $('ruleForm').addEventListener('submit', async e => {
    e.preventDefault();
    const kind = $('kind').value;
    const body = { kind, windowMinutes: $('windowMinutes').value.trim() };
    if ($('coin').value.trim()) body.coin = $('coin').value.trim();
    if (kind === 'OI_DROP') body.oiDropPct = $('oiDropPct').value.trim(); else body.thresholdUsd = $('thresholdUsd').value.trim().replace(/[$,_\s]/g, '');
    if ($('webhookUrl').value.trim()) body.webhookUrl = $('webhookUrl').value.trim();
    try {
      const r = await C.call('POST', '/api/alerts/rules', body);
      msg('Created ' + r.kind + ' rule ' + r.id + ' (' + amount(r) + ' in ' + r.windowMinutes + ' min).', false);
      loadRules();
    } catch (err) {
      msg('Not created: ' + err.message, true);
    }
  });

  $('rules').addEventListener('click', async e => {
    const id = e.target.dataset && e.target.dataset.delete;
    if (!id) return;
    try {
      await C.call('DELETE', '/api/alerts/rules/' + encodeURIComponent(id));
      msg('Deleted rule ' + id + '.', false);
    } catch (err) {
      msg('Not deleted: ' + err.message, true);
    }
    loadRules();
  });

  Promise.all([loadRules(), loadRecent()]).then(() => { document.body.dataset.loaded = 'true'; });
  setInterval(loadRecent, 10000);
})();
