package dev.cascade.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.core.alert.AlertRule;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Alert rules (list; create and delete need the token) and the alerts fired recently. */
final class AlertResource implements ApiRoutes.Resource {
    private static final Set<String> RULE_FIELDS = Set.of("kind", "coin", "thresholdUsd", "windowMinutes", "oiDropPct", "webhookUrl");

    private final AlertEngine alerts;
    private final TokenAuth auth;

    AlertResource(AlertEngine alerts, TokenAuth auth) {
        this.alerts = alerts;
        this.auth = auth;
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/alerts/rules", ctx -> {
            Http.params(ctx, Set.of());
            Http.json(ctx, alerts.rules());
        });
        r.post("/api/alerts/rules", this::createRule);
        r.delete("/api/alerts/rules/{id}", this::deleteRule);
        r.get("/api/alerts/recent", ctx -> {
            Http.params(ctx, Set.of());
            Http.json(ctx, alerts.recent());
        });
    }

    private void createRule(Context ctx) {
        auth.require(ctx);
        JsonNode body;
        try {
            body = Http.MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw new BadRequest("body must be a JSON object: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest("body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(n -> {
            if (!RULE_FIELDS.contains(n)) {
                throw new BadRequest("unknown field '" + n + "' (known: " + String.join(", ", new TreeSet<>(RULE_FIELDS)) + ")");
            }
        });
        AlertRule.Kind kind;
        try {
            kind = AlertRule.Kind.valueOf(text(body, "kind", true).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("kind must be LIQUIDATIONS_OVER, CASCADE or OI_DROP");
        }
        String coin = text(body, "coin", false);
        Params p = new Params(name -> text(body, name, false));
        long threshold = p.decimal("thresholdUsd", 0, 6, 0, 1_000_000_000_000_000L);
        int window = p.integer("windowMinutes", 5, 1, 1440);
        long oiDrop = p.decimal("oiDropPct", 0, 4, 0, 1_000_000);
        AlertRule rule;
        try {
            rule = alerts.create(kind, coin == null ? null : coin.toUpperCase(Locale.ROOT), threshold, window, oiDrop,
                    text(body, "webhookUrl", false));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage()); // the rule's own validation, in the client's field names
        }
        ctx.status(201);
        Http.json(ctx, rule);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new BadRequest(field + " is required");
            }
            return null;
        }
        if (!n.isValueNode()) {
            throw new BadRequest(field + " must be a string or number");
        }
        return n.asText();
    }

    private void deleteRule(Context ctx) {
        auth.require(ctx);
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9a-fA-F-]{1,64}")) {
            throw new BadRequest("id must be a rule id as returned on creation");
        }
        if (!alerts.delete(id)) {
            Http.error(ctx, 404, "no alert rule " + id);
            return;
        }
        ctx.status(204);
    }
}
