package dev.qasim.engine;

/**
 * Per-run engine settings.
 *
 * @param eventLimit how many overflow events to keep in detail (the first ones in time); counts are always exact
 * @param trace      receives one row per cycle from the stepped engine, or {@code null}
 */
public record EngineOptions(int eventLimit, CycleTrace trace) {
    public static final int DEFAULT_EVENT_LIMIT = 20;
    /** The same, for annotations that need a constant string ({@code --events}'s default). */
    public static final String DEFAULT_EVENT_LIMIT_TEXT = "" + DEFAULT_EVENT_LIMIT;

    public EngineOptions {
        if (eventLimit < 0) {
            throw new IllegalArgumentException("eventLimit must be >= 0");
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(DEFAULT_EVENT_LIMIT, null);
    }
}
