// Live dashboard: WebSocket feed + periodic REST refresh of cards and charts.
'use strict';
(() => {
  const C = Cascade;
  const MAX_ROWS = 200;
  const state = { liveRows: 0, latencies: [], marketNow: null, exchanges: new Set(), pending: [], alerts: [], gaps: [], dropped: 0 };
  window.__cascade = state; // read by the browser end-to-end test

  // ---- live feed over WebSocket ----
  const feedBody = document.querySelector('#feed tbody');
  const minUsdInput = document.getElementById('minUsd');
  const exFilter = document.getElementById('exFilter');

  const decoder = new TextDecoder();
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/liquidations');
    ws.binaryType = 'arraybuffer'; // frames are UTF-8 JSON arrays sent as binary (encoded once for all clients)
    ws.onopen = () => { document.getElementById('wsdot').classList.add('on'); document.getElementById('wsstate').textContent = 'live'; };
    ws.onclose = () => {
      document.getElementById('wsdot').classList.remove('on');
      document.getElementById('wsstate').textContent = 'disconnected, retrying…';
      setTimeout(connect, 2000);
    };
    ws.onmessage = ev => {
      const nowUs = Date.now() * 1000;
      for (const m of JSON.parse(typeof ev.data === 'string' ? ev.data : decoder.decode(ev.data))) {
        if (m.type === 'liq') {
          if (m.ingestUs) state.latencies.push((nowUs - m.ingestUs) / 1000);
          state.pending.push(m);
          state.lastPrice = Number(m.price) || state.lastPrice;
        } else if (m.type === 'alert') {
          state.alerts.unshift(m); renderAlerts();
        } else if (m.type === 'gap') {
          state.gaps.unshift(m);
          document.getElementById('gaps').textContent = 'Live gap: ' + state.gaps.slice(0, 3).map(g => g.source + ' ' + C.utc(g.fromTs) + ' → ' + C.utc(g.toTs) + ' (' + g.reason + ')').join('; ');
        } else if (m.type === 'dropped') {
          state.dropped += m.count;
        } else if (m.type === 'hello') {
          state.marketNow = m.marketNow;
        }
      }
      if (state.latencies.length > 2000) state.latencies.splice(0, state.latencies.length - 2000);
    };
  }

  function passes(m) {
    const min = Number(minUsdInput.value) || 0;
    return Number(m.usd) >= min && (!exFilter.value || exFilter.value === m.exchange);
  }

  function renderFeed() {
    if (!state.pending.length) return;
    const batch = state.pending.splice(0, state.pending.length);
    const frag = document.createDocumentFragment();
    for (let i = batch.length - 1; i >= Math.max(0, batch.length - MAX_ROWS); i--) {
      const m = batch[i];
      if (!state.exchanges.has(m.exchange)) {
        state.exchanges.add(m.exchange);
        const o = document.createElement('option'); o.value = m.exchange; o.textContent = m.exchange.toLowerCase(); exFilter.appendChild(o);
      }
      if (!passes(m)) continue;
      const tr = document.createElement('tr');
      const usd = Number(m.usd);
      tr.className = 'live ' + (m.side === 'LONG' ? 'long' : 'short') + (usd >= 100000 ? ' big' : '');
      tr.innerHTML = '<td>' + C.hms(m.ts) + '</td><td><span class="ex ' + C.esc(m.exchange) + '">' + C.esc(m.exchange.toLowerCase()) + '</span>'
        + C.classTag(m.sourceClass) + '</td><td>'
        + C.esc(m.symbol) + '</td><td class="side">' + C.esc(m.side) + '</td><td class="num">' + (Number(m.price) ? Number(m.price).toLocaleString('en-US') : '–')
        + '</td><td class="num">' + (m.lowerBound ? '≥' : '') + C.usd(usd) + '</td>';
      frag.appendChild(tr);
      state.liveRows++;
    }
    feedBody.insertBefore(frag, feedBody.firstChild);
    while (feedBody.rows.length > MAX_ROWS) feedBody.deleteRow(feedBody.rows.length - 1);
    const l = state.latencies.slice().sort((a, b) => a - b);
    document.getElementById('lat').textContent = l.length ? l[Math.floor(l.length / 2)].toFixed(0) + ' ms' : '–';
    document.getElementById('feedCount').textContent = state.liveRows + ' live rows' + (state.dropped ? ', ' + state.dropped + ' skipped (slow connection)' : '');
  }
  minUsdInput.addEventListener('change', () => { feedBody.innerHTML = ''; });
  exFilter.addEventListener('change', () => { feedBody.innerHTML = ''; });

  function renderAlerts() {
    document.getElementById('alerts').innerHTML = state.alerts.slice(0, 20).map(a =>
      '<li><span class="t">' + C.utc(a.ts) + '</span><b>' + C.esc(a.kind) + '</b> ' + C.esc(a.message) + '</li>').join('') || '<li class="note">none fired</li>';
  }

  // ---- cards ----
  // One figure per source class: venue orders, synthetic events and aggregator buckets describe the same market and are
  // never added (the server sends them apart; money arrives as decimal strings).
  async function refreshCards() {
    const d = await C.get('/api/totals/cards');
    state.marketNow = d.now;
    document.getElementById('marketNow').textContent = C.utc(d.now);
    document.getElementById('cards').innerHTML = d.cards.map(c => '<div class="card" data-window="' + c.window + '"><div class="w">' + c.window + '</div>'
      + (c.totals.length ? c.totals.map(t => '<div class="cls" data-class="' + C.esc(t.sourceClass) + '">' + C.classTag(t.sourceClass)
        + '<div class="v">' + (t.lowerBound ? '≥' : '') + C.usd(Number(t.totalUsd)) + '</div><div class="split">' + t.count + ' liq. · <span class="long">L '
        + C.usd(Number(t.longUsd)) + '</span> · <span class="short">S ' + C.usd(Number(t.shortUsd)) + '</span></div></div>').join('')
        : '<div class="v">$0</div>') + '</div>').join('');
    const all = d.cards.flatMap(c => c.totals);
    const notes = [];
    if (all.some(t => t.lowerBound)) notes.push('≥ : includes sampled feeds, a lower bound.');
    for (const t of all) if (t.label && !notes.includes(t.label)) notes.push(t.label + '.');
    if (new Set(all.map(t => t.sourceClass)).size > 1) notes.push('Figures of different sources are shown side by side, never added.');
    document.getElementById('cardsNote').textContent = notes.join(' ');
  }

  // ---- charts ----
  const perMinute = echarts.init(document.getElementById('perMinute'), 'dark', { renderer: 'canvas' });
  async function refreshPerMinute() {
    const now = state.marketNow;
    if (now == null) return;
    const d = await C.get('/api/liquidations/buckets?bucket=1m&from=' + (now - 3 * 3600e3) + '&to=' + (now + 1));
    // One longs/shorts pair per source class (aggregate buckets are not stacked on venue orders).
    const classes = [...new Set(d.buckets.map(b => b.sourceClass))];
    const series = classes.flatMap((cls, k) => ['long', 'short'].map(side => ({
      name: side + 's' + (cls === 'VENUE' ? '' : ' (' + cls.toLowerCase() + ')'), type: 'bar', stack: cls, barMaxWidth: 8,
      color: side === 'long' ? (k ? '#f08a8d' : '#e0474c') : (k ? '#7fd8c6' : '#22ab94'),
      data: d.buckets.filter(b => b.sourceClass === cls).map(b => [b.bucketStart, Number(side === 'long' ? b.longUsd : b.shortUsd)]),
    })));
    perMinute.setOption({
      backgroundColor: '#171c23', animation: false, legend: { top: 0, data: series.map(x => x.name), textStyle: { color: '#8a94a3' } },
      tooltip: { trigger: 'axis', valueFormatter: v => C.usd(v) },
      grid: { left: 60, right: 16, top: 30, bottom: 30 },
      xAxis: { type: 'time', min: now - 3 * 3600e3, max: now }, yAxis: { type: 'value', axisLabel: { formatter: v => C.usd(v) } },
      series,
    }, { replaceMerge: ['series'] });
  }

  const oiChart = LightweightCharts.createChart(document.getElementById('oiChart'), C.chartTheme);
  const fundingChart = LightweightCharts.createChart(document.getElementById('fundingChart'), C.chartTheme);
  const palette = ['#4c8dff', '#f0b90b', '#22ab94', '#e0474c', '#b07cff', '#29d1c0'];
  const lines = { oi: new Map(), funding: new Map() };
  function setLines(chart, store, series, toValue) {
    series.forEach((s, i) => {
      const key = s.source + (s.symbol ? ' ' + s.symbol : '') + (s.synthetic ? ' (SYNTHETIC)' : '');
      let line = store.get(key);
      if (!line) {
        line = chart.addSeries(LightweightCharts.LineSeries, { color: palette[store.size % palette.length], lineWidth: 2, title: key,
          priceFormat: { type: 'custom', formatter: toValue.fmt } });
        store.set(key, line);
      }
      line.setData(s.points.map(p => ({ time: Math.floor(p.ts / 1000), value: toValue.v(p) })));
    });
  }
  async function refreshSeries() {
    const oi = await C.get('/api/open-interest?coin=BTC&bucket=4h');
    setLines(oiChart, lines.oi, oi.series, { v: p => Number(p.usd), fmt: v => C.usd(v) });
    const f = await C.get('/api/funding?coin=BTC&bucket=8h');
    setLines(fundingChart, lines.funding, f.series, { v: p => Number(p.rate) * 100, fmt: v => v.toFixed(4) + '%' });
  }

  function niceStep(x) {
    const p = Math.pow(10, Math.floor(Math.log10(x))), m = x / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }
  const mapChart = echarts.init(document.getElementById('mapChart'), 'dark');
  const heatChart = echarts.init(document.getElementById('heatChart'), 'dark');
  let mapFetched = 0;
  async function refreshMap() {
    // The modeled map is rebuilt from the store on every request: once a minute is enough.
    if (Date.now() - mapFetched < 60e3) return;
    mapFetched = Date.now();
    const step = niceStep(state.lastPrice ? state.lastPrice / 400 : 100);
    const note = document.getElementById('mapNote');
    let d;
    try {
      d = await C.get('/api/liquidation-map?coin=BTC&window=7d&priceBucket=' + step);
    } catch (e) {
      note.textContent = 'No modeled map: ' + e.message;
      mapChart.setOption({ graphic: [{ type: 'text', left: 'center', top: 'middle', style: { text: 'no event-level data to model', fill: '#8a94a3' } }] });
      return;
    }
    // Levels further than 30% from the last price would need an implausible move and squash the rest.
    const last = Number(d.lastPrice), width = Number(d.binWidth);
    const bins = d.bins.filter(b => Math.abs(Number(b.priceLow) - last) <= 0.3 * last);
    const prices = bins.map(b => Number(b.priceLow).toFixed(0));
    const lastRow = bins.findIndex(b => Number(b.priceLow) + width > last);
    mapChart.setOption({
      backgroundColor: '#171c23', animation: false, tooltip: { trigger: 'axis', valueFormatter: v => C.usd(v) },
      legend: { top: 0, data: ['longs (below)', 'shorts (above)'], textStyle: { color: '#8a94a3' } },
      grid: { left: 70, right: 16, top: 30, bottom: 30 },
      yAxis: { type: 'category', data: prices, name: 'price' }, xAxis: { type: 'value', axisLabel: { formatter: v => C.usd(v) } },
      series: [
        { name: 'longs (below)', type: 'bar', stack: 'p', color: '#e0474c', data: bins.map(b => Number(b.longUsd)),
          markLine: lastRow < 0 ? undefined : { symbol: 'none', label: { formatter: 'last ' + last.toFixed(0), color: '#f0b90b' },
            lineStyle: { color: '#f0b90b', type: 'dashed' }, data: [{ yAxis: prices[lastRow] }] } },
        { name: 'shorts (above)', type: 'bar', stack: 'p', color: '#22ab94', data: bins.map(b => Number(b.shortUsd)) },
      ],
      graphic: bins.length ? [] : [{ type: 'text', left: 'center', top: 'middle', style: { text: 'no estimated levels in the window', fill: '#8a94a3' } }],
    });
    const tiers = d.tiers.map(t => t.leverage + 'x');
    const cells = [];
    let max = 1;
    bins.forEach((b, i) => b.longByTierUsd.forEach((v, k) => {
      const usd = Number(v) + Number(b.shortByTierUsd[k]);
      if (usd > 0) { cells.push([k, i, usd]); max = Math.max(max, usd); }
    }));
    heatChart.setOption({
      backgroundColor: '#171c23', animation: false, tooltip: { formatter: p => tiers[p.value[0]] + ' @ ' + prices[p.value[1]] + ': ' + C.usd(p.value[2]) },
      grid: { left: 70, right: 16, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: tiers, name: 'assumed leverage' },
      yAxis: { type: 'category', data: prices },
      visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#1b2533', '#4c8dff', '#f0b90b', '#e0474c'] }, textStyle: { color: '#8a94a3' } },
      series: [{ type: 'heatmap', data: cells }],
    });
    note.textContent = d.label + '. Window ' + C.utc(d.fromTs) + ' .. ' + C.utc(d.toTs) + ' (the 7 days to the latest stored event-level data); '
      + 'instruments: ' + d.instruments.join(', ') + '. Longs ' + C.usd(Number(d.longUsd)) + ' below, shorts ' + C.usd(Number(d.shortUsd))
      + ' above the last price. Assumptions: ' + d.assumptions.join('; ') + '.';
  }

  async function refreshHealth() {
    const d = await C.get('/api/feeds');
    // One row per feed: what its events say (rate, last event) and what its source says (link state, gaps), so a
    // venue that is connected but quiet, or down, shows up too.
    const bySource = new Map(d.sources.map(s => [s.source, s]));
    const rows = d.feeds.map(f => ({ f, s: bySource.get(f.source) }));
    for (const s of d.sources) if (!d.feeds.some(f => f.source === s.source)) rows.push({ f: null, s });
    document.querySelector('#health tbody').innerHTML = rows.map(({ f, s }) => {
      const completeness = (f && f.completeness) || (s && s.completeness) || '–';
      const lowerBound = (f && f.lowerBound) || (s && s.lowerBound);
      const state = s ? s.state + (s.lastError ? ' (' + s.lastError + ')' : '') : '–';
      return '<tr><td>' + C.esc((f || s).source) + (f ? C.classTag(f.sourceClass) : '') + '</td><td' + (s && s.state !== 'UP' && s.kind === 'websocket' ? ' class="warn"' : '') + '>'
        + C.esc(state) + '</td><td class="num">' + (f ? f.events : 0) + '</td><td class="num">' + (f ? f.ratePerSec.toFixed(1) : '0.0')
        + '</td><td>' + (f && f.lastEventTs > 0 ? C.utc(f.lastEventTs) : '–') + '</td><td class="num">' + Math.max(f ? f.gaps : 0, s ? s.gaps : 0)
        + '</td><td' + (lowerBound ? ' class="warn"' : '') + '>' + C.esc(completeness) + (lowerBound ? ' (lower bound)' : '') + '</td></tr>';
    }).join('');
    const venues = d.sources.filter(s => s.kind === 'websocket');
    const up = venues.filter(s => s.state === 'UP').length;
    const replay = d.sources.find(s => s.kind === 'replay');
    const summary = [venues.length ? up + '/' + venues.length + ' venues up' : null, replay ? 'replay ' + replay.state : null].filter(x => x);
    document.getElementById('source').textContent = summary.length ? summary.join(', ') : 'no live source';
    document.getElementById('sourceNote').textContent = 'Sources: ' + (d.sources.length ? d.sources.map(s => s.source + ' ' + s.state
      + (s.detail ? ' (' + s.detail + ')' : '')).join('; ') : 'none') + '. Live clients: ' + d.live.clients
      + ', skipped for slow clients: ' + d.live.dropped + '.';
  }

  async function refreshAll() {
    const jobs = [refreshCards().then(() => Promise.all([refreshPerMinute(), refreshMap()])), refreshSeries(), refreshHealth()];
    for (const r of await Promise.allSettled(jobs)) if (r.status === 'rejected') console.warn(r.reason);
  }

  C.get('/api/alerts/recent').then(a => { state.alerts = a.map(x => ({ ...x, kind: x.kind })); renderAlerts(); }).catch(() => renderAlerts());
  connect();
  refreshAll();
  setInterval(renderFeed, 250);
  setInterval(refreshAll, 5000);
})();
