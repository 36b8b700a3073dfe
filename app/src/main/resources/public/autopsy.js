// Autopsy page: headline figures, per-bucket chart, exchanges and open-interest drawdown for a chosen window.
'use strict';
(() => {
  const C = Cascade;
  const q = new URLSearchParams(location.search);
  for (const k of ['from', 'to', 'coin']) if (q.get(k)) document.getElementById(k).value = q.get(k);
  const buckets = echarts.init(document.getElementById('buckets'), 'dark');
  const oiChart = LightweightCharts.createChart(document.getElementById('oiChart'), C.chartTheme);
  const oiLines = new Map();

  function card(label, value, cls) {
    return '<div class="card"><div class="w">' + label + '</div><div class="v ' + (cls || '') + '">' + value + '</div></div>';
  }

  async function run() {
    const from = document.getElementById('from').value.trim(), to = document.getElementById('to').value.trim(), coin = document.getElementById('coin').value.trim();
    const qs = 'from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to) + (coin ? '&coin=' + encodeURIComponent(coin) : '');
    history.replaceState(null, '', '?' + qs);
    document.getElementById('error').textContent = '';
    let a;
    try { a = await C.get('/api/autopsy?' + qs); } catch (e) { document.getElementById('error').textContent = e.message; return; }
    const lb = a.lowerBound ? '≥' : '';
    document.getElementById('window').textContent = C.utc(a.fromTs) + ' → ' + C.utc(a.toTs) + (a.coin ? ' · ' + a.coin : '');
    const dd = a.openInterest.find(o => o.source === 'coinglass') || a.openInterest[0];
    const longShare = a.totalUsdE6 > 0 ? (100 * a.longUsdE6 / a.totalUsdE6).toFixed(1) + '% longs' : '–';
    document.getElementById('headline').innerHTML =
      card('Liquidated', lb + C.usd(a.totalUsdE6 / C.E6)) +
      card('Longs / shorts', '<span class="long">' + C.usd(a.longUsdE6 / C.E6) + '</span> / <span class="short">' + C.usd(a.shortUsdE6 / C.E6) + '</span><div class="note">' + longShare + '</div>') +
      card('Peak bucket', a.peakBucket ? C.usd((a.peakBucket.longUsdE6 + a.peakBucket.shortUsdE6) / C.E6) + '<div class="note">' + C.utc(a.peakBucket.bucketStart) + '</div>' : '–') +
      card('Open-interest drawdown', dd && dd.drawdown.drop > 0 ? '-' + (dd.drawdown.dropPpm / 1e4).toFixed(2) + '%<div class="note">' + C.usd(dd.drawdown.drop / C.E6) + ' · ' + C.esc(dd.source) + '</div>' : '–');
    document.getElementById('notes').innerHTML = a.notes.map(n => '<li>' + C.esc(n) + '</li>').join('');
    document.querySelector('#byExchange tbody').innerHTML = a.byExchange.map(r =>
      '<tr><td><span class="ex ' + C.esc(r.exchange) + '">' + C.esc(r.exchange.toLowerCase()) + '</span></td><td class="num">' + r.count + '</td><td class="num">'
      + (r.lowerBound ? '≥' : '') + C.usd(r.notionalUsd / C.E6) + '</td></tr>').join('');
    document.querySelector('#oi tbody').innerHTML = a.openInterest.map(o => {
      const d = o.drawdown;
      return '<tr><td>' + C.esc(o.source) + '</td><td class="num">' + C.usd(d.peak / C.E6) + '</td><td>' + (d.peakTs > 0 ? C.utc(d.peakTs) : '–') + '</td><td class="num">'
        + C.usd(d.trough / C.E6) + '</td><td>' + (d.troughTs > 0 ? C.utc(d.troughTs) : '–') + '</td><td class="num">-' + (d.dropPpm / 1e4).toFixed(2) + '%</td></tr>';
    }).join('');
    buckets.setOption({
      backgroundColor: '#171c23', animation: false, legend: { top: 0, data: ['longs', 'shorts'], textStyle: { color: '#8a94a3' } },
      tooltip: { trigger: 'axis', valueFormatter: v => C.usd(v) }, grid: { left: 70, right: 16, top: 30, bottom: 30 },
      xAxis: { type: 'time' }, yAxis: { type: 'value', axisLabel: { formatter: v => C.usd(v) } },
      series: [
        { name: 'longs', type: 'bar', stack: 'liq', color: '#e0474c', data: a.buckets.map(b => [b.bucketStart, b.longUsdE6 / C.E6]) },
        { name: 'shorts', type: 'bar', stack: 'liq', color: '#22ab94', data: a.buckets.map(b => [b.bucketStart, b.shortUsdE6 / C.E6]) },
      ],
    }, true);
    const oi = await C.get('/api/open-interest?' + qs + '&bucket=' + (a.bucketMs >= 3600e3 ? '1h' : '5m'));
    oi.series.forEach(s => {
      let line = oiLines.get(s.source);
      if (!line) { line = oiChart.addSeries(LightweightCharts.LineSeries, { color: '#4c8dff', title: s.source, priceFormat: { type: 'custom', formatter: v => C.usd(v) } }); oiLines.set(s.source, line); }
      line.setData(s.points.map(p => ({ time: Math.floor(p.ts / 1000), value: p.value / C.E6 })));
    });
    oiChart.timeScale().fitContent();
    document.body.dataset.loaded = 'true';
  }
  document.getElementById('form').addEventListener('submit', e => { e.preventDefault(); run(); });
  run();
})();
