package dev.cascade.server;

import java.util.List;

/** Persistence of alert rules (a DuckDB table in the embedded store: dev.cascade.store.SqlAlertRuleRepository). */
public interface AlertRuleRepository {
    List<AlertRule> list();

    void add(AlertRule rule);

    /** @return false if no rule had that id */
    boolean delete(String id);
}
