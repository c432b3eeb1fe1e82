package dev.qasim.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;

/**
 * Start-up work done on a background thread while a command's own start-up, which is single-threaded, keeps one
 * core busy: loading and initializing classes, drawing a first chart. The thread is a daemon (it never delays the
 * exit) and its outcome, even a failure, is dropped: the command does the same work itself when it needs it, and
 * reports any problem then. Each piece of work runs once per JVM (tests run many commands in one).
 */
final class Background {
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    private Background() {}

    /** Starts {@code work} on a daemon thread named {@code name}, unless work of that name was started before. */
    static void start(String name, Callable<?> work) {
        if (!STARTED.add(name)) {
            return;
        }
        Thread thread = new Thread(new FutureTask<>(work), name);
        thread.setDaemon(true);
        thread.start();
    }
}
