package dev.cascade.report;

import dev.cascade.core.analytics.Autopsy;
import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.core.analytics.BucketSeries;
import dev.cascade.core.analytics.CascadeDetector;
import dev.cascade.core.analytics.FundingWeighting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The autopsy as ONE self-contained HTML file: the report text (rendered from the Markdown tables) and charts drawn by
 * ECharts, whose minified source is read from the classpath (/public/vendor/echarts.min.js, vendored at build time)
 * and inlined together with its license notice, so the file opens offline and can be mailed.
 */
public final class AutopsyHtml {
    static final String ECHARTS = "/public/vendor/echarts.min.js";
    static final String ECHARTS_NOTICE = "/public/vendor/echarts.NOTICE";

    private AutopsyHtml() {
    }

    public static String render(AutopsyReport r) {
        String lib = resource(ECHARTS);
        String notice = resource(ECHARTS_NOTICE);
        StringBuilder h = new StringBuilder(lib.length() + 200_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Crash autopsy ")
                .append(esc(AutopsyMarkdown.time(r.fromTs()))).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;max-width:1320px;color:#1d2330}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccd;padding:3px 8px;font-size:13px}")
                .append("th{background:#eef}.warn{background:#fff3cd;border:2px solid #d39e00;padding:10px;font-weight:bold}")
                .append(".chart{width:100%;height:300px;margin:8px 0 20px}h2{margin-top:28px}")
                .append("</style>\n<script>/*! ECharts, Apache License 2.0. ").append(notice.replace("*/", "* /")).append(" */\n")
                .append(lib.replace("</script", "<\\/script")).append("\n</script></head><body>\n");
        String md = AutopsyMarkdown.render(r);
        int firstLine = md.indexOf('\n');
        h.append(markdownToHtml(md.substring(0, firstLine)));
        if (r.synthetic()) {
            h.append("<p class=\"warn\">").append(esc(AutopsyMarkdown.SYNTHETIC_WARNING)).append("</p>\n");
        }
        List<String> charts = new ArrayList<>();
        if (r.venues() != null) {
            String tag = r.synthetic() ? " (SYNTHETIC)" : "";
            AutopsyReport.Venues v = r.venues();
            String bucket = Autopsy.bucketName(v.bucketMs());
            if (v.series().hasPrice()) {
                charts.add(chart(h, "price", "Price, " + bucket + " bars (" + String.join(", ", v.priceSources()) + ")" + tag));
            }
            if (v.totals().count() > 0) {
                charts.add(chart(h, "liq", "Liquidations per " + bucket + ", stacked by side" + tag));
            }
            if (!v.oi().isEmpty()) {
                charts.add(chart(h, "oi", "Open interest, summed over exchanges" + tag));
            }
            if (!v.funding().isEmpty()) {
                charts.add(chart(h, "funding", "Funding, per 8h" + (v.funding().get(0).weightUsd() > 0 ? " (OI-weighted)" : " (one instrument)") + tag));
            }
        }
        if (r.aggregate() != null) {
            charts.add(chart(h, "agg", "CoinGlass " + Autopsy.bucketName(r.aggregate().bucketMs()) + " liquidations and aggregated OI (real)"));
        }
        h.append(markdownToHtml(md.substring(firstLine + 1)));
        h.append("<p style=\"font-size:11px;color:#667\">Charts: Apache ECharts (Apache License 2.0), inlined.</p>\n");
        h.append("<script>\nconst DATA = ").append(AutopsyJson.compact(chartData(r)).replace("</", "<\\/")).append(";\n")
                .append(SCRIPT).append("\n</script></body></html>\n");
        return h.toString();
    }

    private static String chart(StringBuilder h, String id, String title) {
        h.append("<h3>").append(esc(title)).append("</h3><div class=\"chart\" id=\"").append(id).append("\"></div>\n");
        return id;
    }

    static Map<String, Object> chartData(AutopsyReport r) {
        Map<String, Object> d = new LinkedHashMap<>();
        AutopsyReport.Venues v = r.venues();
        if (v != null) {
            BucketSeries s = v.series();
            List<Object[]> price = new ArrayList<>();
            List<Object[]> longs = new ArrayList<>();
            List<Object[]> shorts = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (s.close()[i] > 0) {
                    price.add(new Object[]{s.ts()[i], s.close()[i] / 1e8, s.low()[i] / 1e8, s.high()[i] / 1e8});
                }
                longs.add(new Object[]{s.ts()[i], s.longUsd()[i] / 1e6});
                shorts.add(new Object[]{s.ts()[i], -s.shortUsd()[i] / 1e6});
            }
            d.put("price", price);
            d.put("longs", longs);
            d.put("shorts", shorts);
            List<Object[]> oi = new ArrayList<>();
            for (int i = 0; i < v.oi().ts().length; i++) {
                oi.add(new Object[]{v.oi().ts()[i], v.oi().totalUsd()[i] / 1e6});
            }
            d.put("oi", oi);
            List<Object[]> funding = new ArrayList<>();
            for (FundingWeighting.Point p : v.funding()) {
                funding.add(new Object[]{p.ts(), p.rate() / 1e10});
            }
            d.put("funding", funding);
            List<Object[]> phases = new ArrayList<>();
            int k = 1;
            for (CascadeDetector.Cascade c : v.cascades()) {
                phases.add(new Object[]{"Cascade " + k++, c.startTs(), c.endTs()});
            }
            d.put("cascades", phases);
            // Venue charts share one x range: the buckets where venue data exists.
            long first = -1;
            long last = -1;
            for (int i = 0; i < s.size(); i++) {
                if (s.close()[i] > 0 || s.totalAt(i) > 0) {
                    first = first < 0 ? s.ts()[i] : first;
                    last = s.ts()[i] + s.bucketMs();
                }
            }
            if (v.oi().ts().length > 0) {
                first = first < 0 ? v.oi().ts()[0] : Math.min(first, v.oi().ts()[0]);
                last = Math.max(last, v.oi().ts()[v.oi().ts().length - 1] + s.bucketMs());
            }
            d.put("range", new long[]{first, last});
        }
        AutopsyReport.Aggregate a = r.aggregate();
        if (a != null) {
            // Bars at the middle of their bucket (a day's bar over that day), named by the aggregator's own bucket.
            d.put("aggBuckets", a.buckets().stream().map(b -> new Object[]{b.ts() + a.bucketMs() / 2, b.longUsd() / 1e6, -b.shortUsd() / 1e6}).toList());
            d.put("aggSpan", Autopsy.bucketName(a.bucketMs()));
            d.put("aggOi", a.oi().stream().map(p -> new Object[]{p.ts(), p.value() / 1e6}).toList());
        }
        return d;
    }

    /** Display only: the charts plot doubles; the exact figures are in the tables. */
    private static final String SCRIPT = String.join("\n",
            "const fmt = v => Math.abs(v) >= 1e9 ? (v/1e9).toFixed(2)+'B' : Math.abs(v) >= 1e6 ? (v/1e6).toFixed(1)+'M' : Math.abs(v) >= 1e3 ? (v/1e3).toFixed(0)+'k' : v;",
            "const shade = () => ({silent:true, itemStyle:{color:'rgba(220,50,50,0.12)'}, data:(DATA.cascades||[]).map(c => [{name:c[0], xAxis:c[1]},{xAxis:c[2]}])});",
            "const xr = DATA.range ? {min:DATA.range[0], max:DATA.range[1]} : {};",
            "const base = (extra, full) => Object.assign({animation:false, grid:{left:80,right:40,top:30,bottom:40}, tooltip:{trigger:'axis'},",
            "  xAxis:Object.assign({type:'time'}, full ? {} : xr), yAxis:{type:'value', scale:true, axisLabel:{formatter:fmt}}}, extra);",
            "function draw(id, opt){ const el = document.getElementById(id); if (el) echarts.init(el, null, {renderer:'svg'}).setOption(opt); }",
            "if (DATA.price) {",
            "  draw('price', base({legend:{top:0, right:40}, series:[{name:'close', type:'line', showSymbol:false, data:DATA.price.map(p=>[p[0],p[1]]), markArea:shade()},",
            "    {name:'low', type:'line', showSymbol:false, lineStyle:{width:0.6,opacity:0.5}, data:DATA.price.map(p=>[p[0],p[2]])}]}));",
            "  draw('liq', base({legend:{top:0, right:40}, yAxis:{type:'value', axisLabel:{formatter:v=>'$'+fmt(Math.abs(v))}}, series:[",
            "    {name:'longs liquidated', type:'bar', stack:'s', barMaxWidth:6, itemStyle:{color:'#d9534f'}, data:DATA.longs, markArea:shade()},",
            "    {name:'shorts liquidated (down)', type:'bar', stack:'s', barMaxWidth:6, itemStyle:{color:'#2e8b57'}, data:DATA.shorts}]}));",
            "  draw('oi', base({series:[{name:'OI USD', type:'line', showSymbol:false, areaStyle:{opacity:0.15}, data:DATA.oi, markArea:shade()}]}));",
            "  draw('funding', base({yAxis:{type:'value', axisLabel:{formatter:v=>v.toFixed(4)+'%'}}, series:[{name:'funding %/8h', type:'line', showSymbol:false, data:DATA.funding, markArea:shade()}]}));",
            "}",
            "if (DATA.aggBuckets) {",
            "  draw('agg', base({legend:{top:0, right:40}, yAxis:[{type:'value', axisLabel:{formatter:v=>'$'+fmt(Math.abs(v))}}, {type:'value', scale:true, axisLabel:{formatter:v=>'$'+fmt(v)}}], series:[",
            "    {name:'longs ('+DATA.aggSpan+')', type:'bar', stack:'a', itemStyle:{color:'#d9534f'}, data:DATA.aggBuckets.map(b=>[b[0],b[1]])},",
            "    {name:'shorts ('+DATA.aggSpan+', down)', type:'bar', stack:'a', itemStyle:{color:'#2e8b57'}, data:DATA.aggBuckets.map(b=>[b[0],b[2]])},",
            "    {name:'aggregated OI', type:'line', yAxisIndex:1, data:DATA.aggOi}]}, true));",
            "}");

    /** Enough Markdown for what {@link AutopsyMarkdown} writes: headings, tables, quotes, paragraphs, bold. */
    static String markdownToHtml(String md) {
        StringBuilder h = new StringBuilder();
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.matches("\\|[-:| ]+\\|")) {
                    continue;
                }
                String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                String tag = inTable ? "td" : "th";
                if (!inTable) {
                    h.append("<table>");
                    inTable = true;
                }
                h.append("<tr>");
                for (String c : cells) {
                    h.append('<').append(tag).append('>').append(inline(c.trim())).append("</").append(tag).append('>');
                }
                h.append("</tr>\n");
                continue;
            }
            if (inTable) {
                h.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("### ")) {
                h.append("<h3>").append(inline(line.substring(4))).append("</h3>\n");
            } else if (line.startsWith("## ")) {
                h.append("<h2>").append(inline(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                h.append("<h1>").append(inline(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("> ")) {
                h.append("<p class=\"warn\">").append(inline(line.substring(2))).append("</p>\n");
            } else if (!line.isBlank()) {
                h.append("<p>").append(inline(line)).append("</p>\n");
            }
        }
        if (inTable) {
            h.append("</table>\n");
        }
        return h.toString();
    }

    private static String inline(String s) {
        return esc(s).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String resource(String path) {
        try (InputStream in = AutopsyHtml.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("chart library " + path + " is not on the classpath (build with `mvn package`, which vendors it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
