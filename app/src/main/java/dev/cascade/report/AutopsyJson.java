package dev.cascade.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cascade.core.analytics.AutopsyReport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The autopsy as JSON: the report record as is (exact integers in the model's fixed-point units, stated in "units"),
 * plus the Markdown headline so a reader of the JSON alone sees the synthetic warning.
 */
public final class AutopsyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        try {
            return MAPPER.writeValueAsString(document(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the autopsy: " + e.getMessage(), e);
        }
    }

    static String compact(Object o) {
        try {
            return new ObjectMapper().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
