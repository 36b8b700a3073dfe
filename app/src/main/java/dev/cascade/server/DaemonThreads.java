package dev.cascade.server;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/** Background threads of the server's helpers: named (for thread dumps) and daemon (they never keep the JVM alive). */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A scheduler whose cancelled tasks leave its queue at once (timeouts that mostly never fire). */
    static ScheduledThreadPoolExecutor scheduler(int threads, String name) {
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(threads, named(name));
        p.setRemoveOnCancelPolicy(true);
        return p;
    }
}
