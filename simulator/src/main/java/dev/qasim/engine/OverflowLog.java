package dev.qasim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Collects a layer's overflow events: the total, the count per output channel, and the first {@code limit}
 * events in time order (kept with a bounded heap, so events may arrive in any order). Mutable, confined to
 * one layer's run.
 */
final class OverflowLog {
    private final int limit;
    private final long[] perChannel;
    private final PriorityQueue<OverflowEvent> latestFirst =
            new PriorityQueue<>((a, b) -> OverflowEvent.compareTime(b, a));
    private long events;

    OverflowLog(int limit, int channels) {
        this.limit = limit;
        this.perChannel = new long[channels];
    }

    void add(OverflowEvent event, int channel) {
        count(channel, 1);
        offer(event);
    }

    /** Counts {@code events} events of a channel whose details are offered apart ({@link #offer}), or not at all. */
    void count(int channel, long events) {
        this.events += events;
        perChannel[channel] += events;
    }

    /** Keeps an event's details if it is among the first {@code limit} so far (its count is {@link #count}'s). */
    void offer(OverflowEvent event) {
        if (limit == 0) {
            return;
        }
        if (latestFirst.size() < limit) {
            latestFirst.add(event);
        } else if (OverflowEvent.compareTime(event, latestFirst.peek()) < 0) {
            latestFirst.poll();
            latestFirst.add(event);
        }
    }

    /**
     * Whether an event at {@code cycle} could still be among the first {@code limit} ones kept (ties in the cycle
     * included); when not, its detail is not needed and {@link #count} suffices.
     */
    boolean mayKeep(long cycle) {
        return limit > 0 && (latestFirst.size() < limit || cycle <= latestFirst.peek().where().cycle());
    }

    /** Merges another log (events of a disjoint part of the layer). */
    void addAll(OverflowLog other) {
        events += other.events;
        for (int i = 0; i < perChannel.length; i++) {
            perChannel[i] += other.perChannel[i];
        }
        for (OverflowEvent e : other.latestFirst) {
            if (latestFirst.size() < limit) {
                latestFirst.add(e);
            } else if (limit > 0 && OverflowEvent.compareTime(e, latestFirst.peek()) < 0) {
                latestFirst.poll();
                latestFirst.add(e);
            }
        }
    }

    long events() {
        return events;
    }

    long[] perChannel() {
        return perChannel.clone();
    }

    /** The first events in time order. */
    List<OverflowEvent> first() {
        List<OverflowEvent> out = new ArrayList<>(latestFirst);
        out.sort(OverflowEvent::compareTime);
        return out;
    }
}
