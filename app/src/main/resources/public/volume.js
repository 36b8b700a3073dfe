// Live page panel: derivatives against spot traded volume per hour over the last 24 hours (GET /api/volume).
// Self-contained: it renders into #volumePanel, or adds that section to the page's last column if the page has none.
'use strict';
(() => {
  const C = Cascade;
  function panel() {
    let p = document.getElementById('volumePanel');
    if (p) return p;
    p = document.createElement('section');
    p.className = 'panel';
    p.id = 'volumePanel';
    const cols = document.querySelectorAll('main .col');
    (cols.length ? cols[cols.length - 1] : document.body).appendChild(p);
    return p;
  }
  function ratio(r) { return r === null || r === undefined ? '–' : Number(r).toFixed(2) + '×'; }
  async function refreshVolume() {
    const p = panel();
    let d;
    try {
      d = await C.get('/api/volume?window=24h&bucket=1h');
    } catch (e) {
      p.innerHTML = '<h2>Derivatives vs spot volume</h2><div class="note">' + C.esc(e.message) + '</div>';
      return;
    }
    const rows = d.buckets.slice().reverse().map(b => '<tr><td>' + C.esc(C.utc(b.ts).substring(0, 16)) + '</td><td class="num">'
      + C.usd(Number(b.derivativesUsd)) + '</td><td class="num">' + C.usd(Number(b.spotUsd)) + '</td><td class="num">' + ratio(b.ratio) + '</td></tr>');
    const note = d.note ? C.esc(d.note)
      : 'Ratio = derivatives volume of ' + C.esc(d.spotExchanges.join(', ')) + ' per dollar of their spot volume (ingested coins only). '
        + 'Window: ' + C.esc(C.utc(d.from)) + ' .. ' + C.esc(C.utc(d.to)) + '.';
    p.innerHTML = '<h2>Derivatives vs spot volume, per hour (24h: ' + C.usd(Number(d.total.derivativesUsd)) + ' vs '
      + C.usd(Number(d.total.spotUsd)) + ', ' + ratio(d.total.ratio) + ')</h2>'
      + '<table id="volume" class="stack"><thead><tr><th>hour (UTC)</th><th class="num">derivatives USD</th><th class="num">spot USD</th>'
      + '<th class="num">ratio</th></tr></thead><tbody>' + rows.join('') + '</tbody></table>'
      + '<div class="note" id="volumeNote">' + note + '</div>';
    C.labelCells(document.getElementById('volume')); // narrow screens show each row as a labelled card (.stack)
  }
  refreshVolume();
  setInterval(refreshVolume, 60e3);
})();
