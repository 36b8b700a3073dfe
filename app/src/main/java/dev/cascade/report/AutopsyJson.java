package dev.cascade.report;

import dev.cascade.core.analytics.AutopsyReport;
import dev.cascade.wire.WireJson;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The autopsy as JSON: the report record as is (exact integers in the model's fixed-point units, stated in "units"),
 * plus the Markdown headline so a reader of the JSON alone sees the synthetic warning. Written by the one wire encoder;
 * the only document that keeps money as integers (its units are part of the document), documented as such.
 */
public final class AutopsyJson {
    private AutopsyJson() {
    }

    public static Map<String, Object> document(AutopsyReport r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("units", Map.of("usd", "integer micro-dollars (e6)", "price", "integer e8 USD", "rate",
                "integer e12 fraction per 8 hours", "ppm", "parts per million", "ts", "epoch milliseconds UTC"));
        doc.put("synthetic", r.synthetic());
        if (r.synthetic()) {
            doc.put("warning", AutopsyMarkdown.SYNTHETIC_WARNING);
        }
        doc.put("report", r);
        return doc;
    }

    public static String render(AutopsyReport r) {
        return WireJson.pretty(document(r));
    }

    static String compact(Object o) {
        return WireJson.write(o);
    }
}
