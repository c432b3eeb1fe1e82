package dev.qasim.explore;

import dev.qasim.input.BadInputException;
import java.util.Map;

/**
 * The part of a sweep one process runs: shard {@code index} of {@code count} takes the selected points at
 * positions {@code index}, {@code index + count}, {@code index + 2 count}, ... of the canonical order (round
 * robin, so every shard gets a share of the costly and of the cheap corners of the grid).
 *
 * @param index from 0 to count - 1
 * @param count at least 1; 1 is the whole sweep
 */
public record Shard(int index, int count) {
    /** The whole sweep in one process. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard needs 0 <= index < count, got " + index + "/" + count);
        }
    }

    /** Whether the point at this position of the selected points (0 first) belongs to this shard. */
    public boolean takes(long position) {
        return position % count == index;
    }

    /** {@code I/N}, as {@code --shard} takes it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    /**
     * Reads {@code --shard}: {@code I/N} (I counted from 0), or {@code auto} (index and count from a Slurm job
     * array), or {@code auto/N} (the index from a Slurm job array or a Kubernetes Indexed Job, N given).
     * A Slurm array task's index is (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP (min 0
     * and step 1 when unset) and its count SLURM_ARRAY_TASK_COUNT; a Kubernetes pod's index is
     * JOB_COMPLETION_INDEX and its count the Job's {@code completions}, which only the command line can give.
     *
     * @param text the option's value, or null for the whole sweep
     * @param env  the environment (System.getenv() in the launcher)
     * @throws BadInputException naming the option or the variable that is wrong
     */
    public static Shard parse(String text, Map<String, String> env) {
        if (text == null) {
            return ALL;
        }
        String rule = "must be I/N with 0 <= I < N (e.g. 0/2), auto (a Slurm job array) or auto/N (a Slurm job array "
                + "or a Kubernetes Indexed Job of N completions)";
        String[] parts = text.split("/", -1);
        if (parts.length > 2 || (parts.length == 1 && !parts[0].equals("auto"))) {
            throw BadInputException.of("--shard", "", text, rule);
        }
        Integer count = parts.length == 2 ? number("--shard", text, parts[1], 1, rule) : null;
        if (!parts[0].equals("auto")) {
            int index = number("--shard", text, parts[0], 0, rule);
            if (index >= count) {
                throw BadInputException.of("--shard", "", text, rule);
            }
            return new Shard(index, count);
        }
        if (env.get("SLURM_ARRAY_TASK_ID") != null) {
            return slurm(env, count);
        }
        if (env.get("JOB_COMPLETION_INDEX") != null) {
            if (count == null) {
                throw BadInputException.of("--shard", "", text, "in a Kubernetes Indexed Job give the number of shards, "
                        + "the Job's completions: --shard auto/N");
            }
            int index = number("JOB_COMPLETION_INDEX", env.get("JOB_COMPLETION_INDEX"), env.get("JOB_COMPLETION_INDEX"), 0,
                    "must be an integer from 0");
            if (index >= count) {
                throw BadInputException.of("JOB_COMPLETION_INDEX", "", Integer.toString(index), "must be less than the "
                        + count + " shards of --shard " + text);
            }
            return new Shard(index, count);
        }
        throw BadInputException.of("--shard", "", text, "auto needs SLURM_ARRAY_TASK_ID (a Slurm job array) or "
                + "JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) in the environment; neither is set");
    }

    private static Shard slurm(Map<String, String> env, Integer given) {
        String rule = "must be an integer (Slurm sets it in a job array)";
        int id = number("SLURM_ARRAY_TASK_ID", env.get("SLURM_ARRAY_TASK_ID"), env.get("SLURM_ARRAY_TASK_ID"), 0, rule);
        String minText = env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0");
        String stepText = env.getOrDefault("SLURM_ARRAY_TASK_STEP", "1");
        int min = number("SLURM_ARRAY_TASK_MIN", minText, minText, 0, rule);
        int step = number("SLURM_ARRAY_TASK_STEP", stepText, stepText, 1, rule);
        String countText = env.get("SLURM_ARRAY_TASK_COUNT");
        if (countText == null && given == null) {
            throw BadInputException.of("SLURM_ARRAY_TASK_COUNT", "", null, "not set; give the number of shards: --shard auto/N");
        }
        int count = countText == null ? given : number("SLURM_ARRAY_TASK_COUNT", countText, countText, 1, rule);
        if (given != null && given != count) {
            throw BadInputException.of("--shard", "", "auto/" + given, "the job array has " + count
                    + " tasks (SLURM_ARRAY_TASK_COUNT); give --shard auto alone, or the same count");
        }
        int index = (id - min) / step;
        if (id < min || (id - min) % step != 0 || index >= count) {
            throw BadInputException.of("SLURM_ARRAY_TASK_ID", "", Integer.toString(id), "is not one of the "
                    + count + " task ids from " + min + " in steps of " + step);
        }
        return new Shard(index, count);
    }

    private static int number(String source, String value, String text, int min, String rule) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw BadInputException.of(source, "", value, rule);
    }
}
