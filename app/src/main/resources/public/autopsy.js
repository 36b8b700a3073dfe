// Autopsy page: renders the core autopsy report (/api/autopsy, the same document as `cascade autopsy --format json`):
// headline figures, price / liquidations / OI / funding charts with the detected cascades shaded, the cascade table,
// the CoinGlass aggregate (real) and the timeline. Event-level data from a synthetic feed is labelled on every panel.
'use strict';
(() => {
  const C = Cascade;
  const q = new URLSearchParams(location.search);
  for (const k of ['from', 'to', 'coin']) if (q.get(k)) document.getElementById(k).value = q.get(k);
  const $ = id => document.getElementById(id);
  const charts = {};
  for (const id of ['priceChart', 'liqChart', 'oiChart', 'fundingChart']) {
    charts[id] = echarts.init($(id), 'dark');
    charts[id].group = 'venues'; // one cursor across the four event-level charts
  }
  echarts.connect('venues');
  charts.aggChart = echarts.init($('aggChart'), 'dark');
  window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));

  // Display only: the API's exact integers become rounded text here (USD e6, prices e8, rates e12 per 8h, ppm).
  const usd = e6 => C.usd(e6 / C.E6);
  const pct = ppm => (ppm / 1e4).toFixed(2) + '%';
  const price = e8 => Math.round(e8 / C.E8).toLocaleString('en-US');
  const rate = e12 => (e12 / 1e10).toFixed(4) + '%';
  const move = bps => (bps > 0 ? '+' : '') + (bps / 100).toFixed(2) + '%';
  const hm = ms => C.utc(ms).substring(0, 16);
  const dur = ms => { const m = Math.round(ms / 60000); return m < 120 ? m + ' min' : Math.floor(m / 60) + 'h ' + (m % 60) + 'm'; };
  const card = (label, value, note, cls) => '<div class="card"><div class="w">' + label + '</div><div class="v ' + (cls || '') + '">' + value
    + '</div>' + (note ? '<div class="note">' + note + '</div>' : '') + '</div>';
  /** A table's rows, or one row saying why there are none. */
  const rows = (sel, list, f, none) => {
    const cols = document.querySelectorAll(sel + ' thead th').length;
    document.querySelector(sel + ' tbody').innerHTML = list.length ? list.map(f).join('')
      : '<tr><td colspan="' + cols + '" class="note wrap">' + (none || 'Nothing in this window.') + '</td></tr>';
  };

  function base(range, yFormat, extra) {
    return Object.assign({
      backgroundColor: '#171c23', animation: false, useUTC: true, grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: yFormat },
      xAxis: Object.assign({}, C.timeAxis, { min: range[0], max: range[1] }),
      yAxis: { type: 'value', scale: true, axisLabel: { color: '#8a94a3', formatter: yFormat, hideOverlap: true } },
    }, extra);
  }

  function shade(cascades) {
    return { silent: true, itemStyle: { color: 'rgba(224,71,76,0.16)' }, label: { color: '#e0474c', position: 'insideTop' },
      data: cascades.map((c, i) => [{ name: 'Cascade ' + (i + 1), xAxis: c.startTs }, { xAxis: c.endTs }]) };
  }

  /** The buckets where event-level data exists: the charts share that x range, not the whole (maybe empty) window. */
  function dataRange(v) {
    const s = v.series;
    let first = -1, last = -1;
    for (let i = 0; i < s.ts.length; i++) {
      if (s.close[i] > 0 || s.longUsd[i] + s.shortUsd[i] > 0) { if (first < 0) first = s.ts[i]; last = s.ts[i] + s.bucketMs; }
    }
    if (v.oi.ts.length) {
      first = first < 0 ? v.oi.ts[0] : Math.min(first, v.oi.ts[0]);
      last = Math.max(last, v.oi.ts[v.oi.ts.length - 1] + s.bucketMs);
    }
    return first < 0 ? [s.fromTs, s.fromTs + s.ts.length * s.bucketMs] : [first, last];
  }

  function venues(r, tag) {
    const v = r.venues, t = v.totals, lb = t.lowerBound ? '≥' : '';
    const cs = v.cascades, rl = v.releveraging, dd = v.priceDrawdown, oid = v.oiDrawdown;
    const longShare = t.longUsd + t.shortUsd > 0 ? (100 * t.longUsd / (t.longUsd + t.shortUsd)).toFixed(1) + '% longs' : '';
    $('headline').innerHTML =
      card('Liquidated', lb + usd(t.longUsd + t.shortUsd), (t.longCount + t.shortCount) + ' liquidations · ' + longShare) +
      card('Longs / shorts', '<span class="long">' + lb + usd(t.longUsd) + '</span> / <span class="short">' + lb + usd(t.shortUsd) + '</span>',
        t.shortUsd > 0 ? 'ratio ' + (t.longUsd / t.shortUsd).toFixed(2) : 'no shorts liquidated') +
      card('Cascades detected', String(cs.length), cs.length ? cs.map(c => hm(c.startTs) + ' → ' + hm(c.endTs).substring(11)).join('<br>') : 'none in this window') +
      card('Max price drawdown', dd.drop > 0 ? '-' + pct(dd.dropPpm) : '–',
        dd.drop > 0 ? price(dd.peak) + ' (' + hm(dd.peakTs).substring(11) + ') → ' + price(dd.trough) + ' (' + hm(dd.troughTs).substring(11) + ')' : 'no price data', 'long') +
      card('Time to bottom', dd.drop > 0 ? dur(v.timeToBottomMs) : '–',
        dd.drop > 0 ? 'from ' + (cs.length ? 'the first cascade\'s start' : 'the price peak') + ' to the low at ' + hm(dd.troughTs) : '') +
      card('Open-interest flush', oid.drop > 0 ? '-' + pct(oid.dropPpm) : '–',
        oid.drop > 0 ? usd(oid.drop) + ': ' + usd(oid.peak) + ' → ' + usd(oid.trough) : 'no open-interest data') +
      card('Peak ' + bucketName(v.bucketMs), usd(v.peakBucket.value), hm(v.peakBucket.ts)) +
      card('Re-leveraging', rl ? pct(rl.rebuildPpmOfFlush) + ' of the flush' : '–', rl ? 'OI ' + usd(rl.oiTrough) + ' at the low → ' + usd(rl.oiEnd) + ' at the end'
        + (rl.fundingKnown ? '<br>funding ' + rate(rl.fundingBefore) + ' → ' + rate(rl.fundingMin) + ' (low) → ' + rate(rl.fundingEnd) : '') : 'no open-interest data');
    const p = v.detectorParams;
    $('detector').textContent = 'hot ' + bucketName(v.bucketMs) + ' ≥ ' + usd(p.minBucketUsd) + ' and ≥ ' + p.multiple + '× the quiet baseline (' + p.baselineBuckets
      + ' buckets); cascade ≥ ' + usd(p.minCascadeUsd) + ' with a price move ≥ ' + (p.minMoveBps / 100).toFixed(2) + '% the liquidated side\'s way';
    rows('#cascades', cs, (c, i) => '<tr><td>' + (i + 1) + '</td><td>' + hm(c.startTs) + '</td><td>' + hm(c.endTs) + '</td><td class="num">' + dur(c.endTs - c.startTs)
      + '</td><td class="num long">' + usd(c.totals.longUsd) + '</td><td class="num short">' + usd(c.totals.shortUsd) + '</td><td>'
      + Object.entries(c.byExchange).map(([ex, u]) => '<span class="ex ' + C.esc(ex) + '">' + C.esc(ex.toLowerCase()) + '</span> ' + usd(u)).join(' ')
      + '</td><td>' + hm(c.peakTs).substring(11) + ' (' + usd(c.peakUsd) + ')</td><td class="num">'
      + (c.priceKnown ? price(c.openPrice) + ' → ' + price(c.extremePrice) : 'price n/a') + '</td><td class="num">' + (c.priceKnown ? move(c.moveBps) : '–') + '</td></tr>',
      'No cascade detected in this window.');
    rows('#byExchange', v.byExchange, e => '<tr><td><span class="ex ' + C.esc(e.exchange) + '">' + C.esc(e.exchange.toLowerCase()) + '</span></td><td class="num">'
      + (e.totals.longCount + e.totals.shortCount) + '</td><td class="num long">' + usd(e.totals.longUsd) + '</td><td class="num short">' + usd(e.totals.shortUsd)
      + '</td><td class="num">' + (e.totals.lowerBound ? '≥' : '') + usd(e.totals.longUsd + e.totals.shortUsd) + '</td></tr>',
      'No event-level liquidations in this window.');
    rows('#largest', v.largest, e => '<tr><td>' + C.utc(e.ts) + '</td><td><span class="ex ' + C.esc(e.exchange) + '">' + C.esc(e.exchange.toLowerCase())
      + '</span></td><td class="' + (e.side === 'LONG' ? 'long' : 'short') + '">' + C.esc(e.side) + '</td><td class="num">' + price(e.price) + '</td><td class="num">' + usd(e.notionalUsd) + '</td></tr>',
      'No event-level liquidations in this window.');
    document.querySelectorAll('[data-bucket]').forEach(el => { el.textContent = bucketName(v.bucketMs); });

    const s = v.series, range = dataRange(v), mark = shade(cs), money = x => C.usd(x);
    const px = [], lows = [], longs = [], shorts = [];
    for (let i = 0; i < s.ts.length; i++) {
      if (s.close[i] > 0) { px.push([s.ts[i], s.close[i] / C.E8]); lows.push([s.ts[i], s.low[i] / C.E8]); }
      longs.push([s.ts[i], s.longUsd[i] / C.E6]);
      shorts.push([s.ts[i], s.shortUsd[i] / C.E6]);
    }
    const priceFmt = x => Math.round(x).toLocaleString('en-US');
    charts.priceChart.setOption(base(range, priceFmt, { legend: { top: 0, right: 16, textStyle: { color: '#8a94a3' } }, series: [
      { name: 'close' + tag, type: 'line', showSymbol: false, color: '#4c8dff', data: px, markArea: mark,
        markPoint: dd.drop > 0 ? { symbolSize: 36, itemStyle: { color: '#e0474c' }, label: { formatter: 'low', fontSize: 10 },
          data: [{ coord: [dd.troughTs, dd.trough / C.E8] }] } : undefined },
      { name: 'low' + tag, type: 'line', showSymbol: false, color: '#8a94a3', lineStyle: { width: 0.7, opacity: 0.6 }, data: lows },
    ] }), true);
    charts.liqChart.setOption(base(range, money, { legend: { top: 0, right: 16, textStyle: { color: '#8a94a3' } }, yAxis: { type: 'value', axisLabel: { color: '#8a94a3', formatter: money } },
      series: [
        { name: 'longs liquidated' + tag, type: 'bar', stack: 'liq', color: '#e0474c', barMaxWidth: 6, data: longs, markArea: mark },
        { name: 'shorts liquidated' + tag, type: 'bar', stack: 'liq', color: '#22ab94', barMaxWidth: 6, data: shorts },
      ] }), true);
    charts.oiChart.setOption(base(range, money, { series: [
      { name: 'open interest' + tag, type: 'line', showSymbol: false, color: '#4c8dff', areaStyle: { opacity: 0.12 },
        data: v.oi.ts.map((ts, i) => [ts, v.oi.totalUsd[i] / C.E6]), markArea: mark },
    ] }), true);
    const fundingFmt = x => x.toFixed(4) + '%';
    charts.fundingChart.setOption(base(range, fundingFmt, { series: [
      { name: 'funding' + tag, type: 'line', step: 'end', showSymbol: v.funding.length < 60, symbolSize: 4, color: '#f0b90b',
        data: v.funding.map(f => [f.ts, f.rate / 1e10]), markArea: mark },
    ] }), true);
    // "No data" states: the window has event-level data, but maybe not of every kind (May 2021: prices, no single liquidations).
    C.noData($('priceChart'), px.length ? null : 'No mark prices or trades stored in this window.');
    C.noData($('liqChart'), t.longUsd + t.shortUsd > 0 ? null : 'No single (event-level) liquidations stored in this window'
      + (r.aggregate ? ': see the aggregator buckets below.' : '.'));
    C.noData($('oiChart'), v.oi.ts.length ? null : 'No event-level open interest stored in this window' + (r.aggregate ? ': see the aggregated OI below.' : '.'));
    C.noData($('fundingChart'), v.funding.length ? null : 'No funding rates stored in this window.');
  }

  /** The aggregator's own bucket ('1d' for CoinGlass daily rows, '4h' for its 4-hour export), as the report says. */
  function span(ms) {
    return ms % 86400000 === 0 ? (ms / 86400000) + 'd' : ms % 3600000 === 0 ? (ms / 3600000) + 'h' : (ms / 60000) + 'm';
  }

  function aggregate(a) {
    const t = a.totals, lb = t.lowerBound ? '≥' : '', b = a.largestBucket, dd = a.oiDrawdown, rl = a.releveraging;
    const per = span(a.bucketMs);
    $('aggTitle').textContent = 'CoinGlass ' + (a.bucketMs === 86400000 ? 'daily' : per) + ' aggregate';
    $('aggHeadline').innerHTML =
      card('Liquidated (' + per + ' buckets)', lb + usd(t.longUsd + t.shortUsd), a.buckets.length + ' buckets') +
      card('Longs / shorts', '<span class="long">' + usd(t.longUsd) + '</span> / <span class="short">' + usd(t.shortUsd) + '</span>',
        t.longUsd + t.shortUsd > 0 ? (100 * t.longUsd / (t.longUsd + t.shortUsd)).toFixed(1) + '% longs' : '') +
      card('Largest ' + per + ' bucket', b ? usd(b.longUsd + b.shortUsd) : '–', b ? hm(b.ts) + ' · ' + usd(b.longUsd) + ' longs' : '') +
      card('Open-interest flush', dd.drop > 0 ? '-' + pct(dd.dropPpm) : '–', dd.drop > 0 ? usd(dd.peak) + ' (' + hm(dd.peakTs) + ') → ' + usd(dd.trough) + ' (' + hm(dd.troughTs) + ')'
        + (rl ? '<br>rebuilt ' + pct(rl.rebuildPpmOfFlush) + ' of it by the end' : '') : '');
    const money = x => C.usd(x);
    charts.aggChart.setOption({
      backgroundColor: '#171c23', animation: false, useUTC: true, grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll', textStyle: { color: '#8a94a3' } }, tooltip: { trigger: 'axis', valueFormatter: money },
      xAxis: C.timeAxis, yAxis: [{ type: 'value', name: 'liquidated', nameTextStyle: C.axisText, axisLabel: { color: '#8a94a3', formatter: money } },
        { type: 'value', scale: true, name: 'OI', nameTextStyle: C.axisText, axisLabel: { color: '#8a94a3', formatter: money } }],
      series: [
        // A bar stands in the middle of the bucket it sums, so a day's bar covers that day, not the evening before.
        { name: 'longs (' + per + ', real)', type: 'bar', stack: 'agg', color: '#e0474c', data: a.buckets.map(x => [x.ts + a.bucketMs / 2, x.longUsd / C.E6]) },
        { name: 'shorts (' + per + ', real)', type: 'bar', stack: 'agg', color: '#22ab94', data: a.buckets.map(x => [x.ts + a.bucketMs / 2, x.shortUsd / C.E6]) },
        { name: 'aggregated OI (real)', type: 'line', yAxisIndex: 1, color: '#4c8dff', data: a.oi.map(p => [p.ts, p.value / C.E6]) },
      ],
    }, true);
    C.noData($('aggChart'), a.buckets.length || a.oi.length ? null : 'No aggregator buckets in this window.');
  }

  /** Traded volume per hour (per day over long windows): every exchange's derivatives, spot, and the like-for-like ratio. */
  function volume(s) {
    const ratio = e6 => e6 == null ? 'no spot' : (e6 / 1e6).toFixed(2) + 'x';
    const per = s && s.bucketMs === 3600000 ? 'hour' : 'day';
    $('volPer').textContent = per + ' (UTC)';
    const none = !s || s.total.derivativesUsd + s.total.spotUsd === 0 ? 'No derivatives or spot trades stored in this window: nothing to compare.'
      : 'No spot data in this window (the binance-spot and bybit-spot feeds stored no trade): derivatives volume ' + usd(s.total.derivativesUsd) + ', no ratio.';
    const has = s && s.spotExchanges.length > 0;
    $('volNote').textContent = has ? 'spot from ' + s.spotExchanges.join(', ') + '; ratio = their derivatives volume per dollar of their spot volume' : '';
    const list = has ? [Object.assign({ whole: true, ratioE6: s.ratioE6 }, s.total)].concat(s.buckets.filter(b => b.derivativesUsd > 0 || b.spotUsd > 0)) : [];
    rows('#volume', list, b => '<tr><td>' + (b.whole ? '<b>whole window</b>' : hm(b.ts)) + '</td><td>' + usd(b.derivativesUsd) + '</td><td>'
      + usd(b.spotUsd) + '</td><td>' + ratio(b.ratioE6) + '</td></tr>', none);
  }

  function bucketName(ms) {
    return ms === 60000 ? 'minute' : ms < 3600000 ? (ms / 60000) + '-minute bucket' : (ms / 3600000) + 'h bucket';
  }

  async function run() {
    document.body.dataset.loaded = 'false';
    const from = $('from').value.trim(), to = $('to').value.trim(), coin = $('coin').value.trim();
    const qs = 'from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to) + (coin ? '&coin=' + encodeURIComponent(coin) : '');
    history.replaceState(null, '', '?' + qs);
    $('error').textContent = '';
    let doc;
    try { doc = await C.get('/api/autopsy?' + qs); } catch (e) { $('error').textContent = e.message; return; }
    const r = doc.report, tag = doc.synthetic ? ' (SYNTHETIC)' : '';
    $('synthetic').hidden = !doc.synthetic;
    $('synthetic').textContent = doc.synthetic ? doc.warning : '';
    document.querySelectorAll('[data-synthetic]').forEach(el => { el.textContent = doc.synthetic ? 'SYNTHETIC' : 'real'; el.classList.toggle('synthetic', doc.synthetic); });
    $('window').textContent = C.utc(r.fromTs) + ' → ' + C.utc(r.toTs) + (r.baseCoin ? ' · ' + r.baseCoin : '');
    $('venueSection').hidden = !r.venues;
    $('aggSection').hidden = !r.aggregate;
    if (r.venues) { venues(r, tag); Object.values(charts).forEach(c => c.resize()); }
    if (r.aggregate) { aggregate(r.aggregate); charts.aggChart.resize(); }
    volume(r.volume);
    rows('#timeline', r.timeline, p => '<tr><td>' + hm(p.fromTs) + '</td><td>' + hm(p.toTs) + '</td><td><b>' + C.esc(p.name) + '</b></td><td class="wrap">' + C.esc(p.description) + '</td></tr>',
      'No liquidations, prices or open interest stored in this window.');
    document.querySelectorAll('table.stack').forEach(C.labelCells);
    const notes = r.sources.map(s => C.esc(s.source) + ': ' + s.rows + ' ' + C.esc(s.table) + ' rows' + (r.syntheticSources.includes(s.source) ? ' <b class="warn">SYNTHETIC</b>' : ''));
    if (r.venues && r.venues.totals.lowerBound) notes.push('≥: lower bound, some sources publish only a sample of liquidations (Binance: at most one per symbol per second).');
    if (r.aggregate) notes.push('COINGLASS rows are ' + span(r.aggregate.bucketMs) + ' aggregates over CoinGlass\'s exchange subset, not single orders: shown apart, never added to venue rows.');
    $('notes').innerHTML = notes.map(n => '<li>' + n + '</li>').join('');
    document.body.dataset.loaded = 'true';
  }
  $('form').addEventListener('submit', e => { e.preventDefault(); run(); });
  run();
})();
