// Heatmap page: realized liquidations binned by time and price (/api/liquidations/heatmap) as an ECharts heatmap with a
// colour scale in USD, and beside it, on the same price bins, the modeled liquidation levels as a separate MODEL layer.
'use strict';
(() => {
  const C = Cascade;
  const $ = id => document.getElementById(id);
  const q = new URLSearchParams(location.search);
  for (const k of ['coin', 'from', 'to', 'priceBin', 'timeBin']) if (q.get(k)) $(k).value = q.get(k);
  if (q.get('model') === 'false') $('model').checked = false;
  const heat = echarts.init($('heat'), 'dark');
  const levels = echarts.init($('levels'), 'dark');
  window.addEventListener('resize', () => { heat.resize(); levels.resize(); });
  // Both charts keep the same top and bottom margins so their price rows line up side by side.
  const TOP = 24, BOTTOM = 86;

  async function run() {
    document.body.dataset.loaded = 'false';
    const params = new URLSearchParams();
    for (const k of ['coin', 'from', 'to', 'priceBin', 'timeBin']) if ($(k).value.trim()) params.set(k, $(k).value.trim());
    if (!$('model').checked) params.set('model', 'false');
    history.replaceState(null, '', '?' + params);
    $('error').textContent = '';
    let d;
    try {
      d = await C.get('/api/liquidations/heatmap?' + params);
    } catch (e) {
      $('error').textContent = e.message;
      C.noData($('heat'), 'No heatmap: ' + e.message);
      C.noData($('levels'), 'No model layer.');
      document.body.dataset.loaded = 'true';
      return;
    }
    const r = d.realized, m = d.model;
    const bin = Number(d.priceBin), low = Number(d.priceLow);
    const long = d.to - d.from > 86400e3;
    const times = Array.from({ length: d.timeBins }, (_, i) => C.utc(d.from + i * d.timeBinMs).substring(long ? 5 : 11, 16));
    const prices = Array.from({ length: d.priceBins }, (_, i) => C.price(low + i * bin));
    const row = p => Math.round((Number(p) - low) / bin);
    $('bins').textContent = d.priceBins ? '(cells of ' + C.span(d.timeBinMs) + ' × $' + C.num(bin) + ')' : '';
    $('summary').textContent = d.coin + ' · ' + C.utc(d.from) + ' → ' + C.utc(d.to) + ' · ' + r.count.toLocaleString('en-US') + ' liquidations, '
      + C.usd(Number(r.totalUsd)) + ' in all; largest cell ' + C.usd(Number(r.maxCellUsd)) + '.';
    $('synthetic').hidden = !r.syntheticSources.length;
    $('synthetic').textContent = r.syntheticSources.length ? 'SYNTHETIC: the realized layer includes generated feeds (' + r.syntheticSources.join(', ')
      + '), not exchange data.' : '';
    $('realizedLabel').textContent = r.label + '.';
    $('modelLabel').textContent = m ? m.label + '.' : (d.modelNote || '');
    $('modelAsOf').textContent = m ? 'Estimated from the data of ' + C.utc(m.fromTs) + ' → ' + C.utc(m.toTs) + ' (last price ' + C.price(Number(m.lastPrice)) + ').' : '';

    const yAxis = { type: 'category', data: prices, name: 'price (bin low edge, USD)', nameTextStyle: C.axisText, nameLocation: 'end',
      axisLabel: { color: '#8a94a3', hideOverlap: true } };
    heat.setOption({
      backgroundColor: '#171c23', animation: false,
      tooltip: { formatter: p => { const c = p.data.cell; return times[p.value[0]] + ' UTC, ' + prices[p.value[1]] + '–' + C.price(low + (p.value[1] + 1) * bin)
        + '<br>' + C.usd(p.value[2]) + ' (longs ' + C.usd(Number(c.longUsd)) + ', shorts ' + C.usd(Number(c.shortUsd)) + ', ' + c.count + ' liq.)'; } },
      grid: { left: 8, right: 12, top: TOP, bottom: BOTTOM, containLabel: false },
      xAxis: { type: 'category', data: times, name: 'UTC', nameTextStyle: C.axisText, axisLabel: { color: '#8a94a3', hideOverlap: true } },
      yAxis: Object.assign({}, yAxis, { position: 'left', offset: 0 }),
      visualMap: { type: 'continuous', min: 0, max: Math.max(1, Number(r.maxCellUsd)), calculable: true, realtime: false, orient: 'horizontal',
        left: 'center', bottom: 4, itemWidth: 14, itemHeight: 180, text: ['USD per cell', ''], formatter: v => C.usd(v), textStyle: C.axisText,
        inRange: { color: ['#16263a', '#1f5fbf', '#3fb6a8', '#f0b90b', '#e0474c'] } },
      series: [{ name: 'realized', type: 'heatmap', progressive: 0,
        data: r.cells.map(c => ({ value: [Math.round((c.bucketStart - d.from) / d.timeBinMs), row(c.priceLow), Number(c.longUsd) + Number(c.shortUsd)], cell: c })) }],
    }, true);
    // Room for the price labels on the left: measured from the longest label.
    heat.setOption({ grid: { left: 12 + 7 * Math.max(4, ...prices.map(p => p.length)) } });
    C.noData($('heat'), r.cells.length ? null : 'No priced liquidations of ' + d.coin + ' in this window: aggregator rows (CoinGlass buckets) carry no price.'
      + ' Try the 10–11 Oct 2025 window.');

    const lv = m ? m.levels : [];
    const byRow = new Map(lv.map(l => [row(l.priceLow), l]));
    const side = key => prices.map((_, i) => byRow.has(i) ? Number(byRow.get(i)[key]) : 0);
    const lastRow = m ? Math.floor((Number(m.lastPrice) - low) / bin) : -1;
    levels.setOption({
      backgroundColor: '#171c23', animation: false, tooltip: { trigger: 'axis', valueFormatter: v => C.usd(v) },
      legend: { bottom: 40, data: ['est. longs', 'est. shorts'], textStyle: C.axisText },
      grid: { left: 8, right: 16, top: TOP, bottom: BOTTOM, containLabel: false },
      xAxis: { type: 'value', name: 'USD', nameTextStyle: C.axisText, axisLabel: { color: '#8a94a3', formatter: v => C.usd(v), hideOverlap: true } },
      yAxis,
      series: [
        { name: 'est. longs', type: 'bar', stack: 'm', color: '#e0474c', barCategoryGap: '10%', data: side('longUsd'),
          markLine: lastRow >= 0 && lastRow < prices.length ? { symbol: 'none', label: { formatter: 'last ' + C.price(Number(m.lastPrice)), color: '#f0b90b', position: 'insideEndTop' },
            lineStyle: { color: '#f0b90b', type: 'dashed' }, data: [{ yAxis: prices[lastRow] }] } : undefined },
        { name: 'est. shorts', type: 'bar', stack: 'm', color: '#22ab94', data: side('shortUsd') },
      ],
    }, true);
    levels.setOption({ grid: { left: 12 + 7 * Math.max(4, ...prices.map(p => p.length)) } });
    C.noData($('levels'), lv.length ? null : (d.modelNote || 'No modeled levels.'));
    document.body.dataset.loaded = 'true';
  }
  $('form').addEventListener('submit', e => { e.preventDefault(); run(); });
  run();
})();
