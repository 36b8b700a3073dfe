package dev.cascade.core.port;

import dev.cascade.core.alert.AlertRule;

import java.util.List;

/** Persistence of alert rules (implemented by the store). */
public interface AlertRuleRepository {
    List<AlertRule> list();

    void add(AlertRule rule);

    /** @return false if no rule had that id */
    boolean delete(String id);
}
