package dev.cascade.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cascade.core.alert.AlertRule;
import dev.cascade.wire.WireJson;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Alert rules (list; create and delete need the token) and the alerts fired recently. */
final class AlertResource implements ApiRoutes.Resource {
    private static final Set<String> RULE_FIELDS = Set.of("kind", "coin", "thresholdUsd", "windowMinutes", "oiDropPct", "webhookUrl");

    private final AlertEngine alerts;
    private final TokenAuth auth;
    private final WebhookNotifier webhooks;

    AlertResource(AlertEngine alerts, TokenAuth auth, WebhookNotifier webhooks) {
        this.alerts = alerts;
        this.auth = auth;
        this.webhooks = webhooks;
    }

    @Override
    public void register(ApiRoutes r) {
        r.get("/api/alerts/rules", ctx -> {
            auth.require(ctx); // rules name webhook targets: not for every page that can reach the port
            Http.params(ctx, Set.of());
            Http.json(ctx, alerts.rules().stream().map(this::view).toList());
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
        // JSON only: a form or plain text is what a page on another site can post without a CORS preflight.
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).matches("application/json\\s*(;.*)?")) {
            Http.error(ctx, 415, "the body must be sent as Content-Type: application/json, got '"
                    + (type == null ? "" : type.length() > 100 ? type.substring(0, 100) + "..." : type) + "'");
            return;
        }
        JsonNode body = Http.jsonObject(ctx.body());
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
        String webhookUrl = text(body, "webhookUrl", false);
        AlertRule rule;
        try {
            if (webhookUrl != null) {
                webhooks.policy().check(webhookUrl); // scheme, port and every address the host resolves to
            }
            rule = alerts.create(kind, coin == null ? null : coin.toUpperCase(Locale.ROOT), threshold, window, oiDrop,
                    webhookUrl);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage()); // the rule's own validation, in the client's field names
        }
        ctx.status(201);
        Http.json(ctx, view(rule));
    }

    /** A rule as answered: its webhook URL with the secrets masked, and the webhook's last outcome. */
    private ObjectNode view(AlertRule rule) {
        ObjectNode n = WireJson.tree(rule);
        if (rule.webhookUrl() != null) {
            n.put("webhookUrl", WebhookPolicy.mask(rule.webhookUrl()));
            WebhookNotifier.Status s = webhooks.status(rule.id());
            ObjectNode w = n.putObject("webhook");
            w.put("delivered", s == null ? 0 : s.delivered());
            w.put("failed", s == null ? 0 : s.failed());
            if (s != null) {
                w.put("lastAttemptAt", s.lastAttemptAt());
                w.put("lastError", s.lastError());
            }
        }
        return n;
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
