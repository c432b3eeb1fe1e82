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
        events++;
        perChannel[channel]++;
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
     * Whether an event at {@code cycle} could still be among the first {@code limit} ones kept; when not, its
     * detail is not needed and {@link #count} suffices (events of a later cycle than every kept one are dropped).
     */
    boolean mayKeep(long cycle) {
        return limit > 0 && (latestFirst.size() < limit || cycle <= latestFirst.peek().where().cycle());
    }

    /** Counts {@code n} events of a channel without their detail (each one that {@link #mayKeep} refused). */
    void count(int channel, long n) {
        events += n;
        perChannel[channel] += n;
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
