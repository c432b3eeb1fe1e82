package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.input.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void anExplicitShardCountsFromZero() {
        assertThat(Shard.parse("0/2", Map.of())).isEqualTo(new Shard(0, 2));
        assertThat(Shard.parse("1/2", Map.of())).isEqualTo(new Shard(1, 2));
        assertThat(Shard.parse(null, Map.of())).isEqualTo(Shard.ALL);
        assertThat(new Shard(3, 4).toString()).isEqualTo("3/4");
    }

    @Test
    void malformedShardsAreBadInputNamingTheOption() {
        for (String bad : List.of("2/2", "-1/2", "0/0", "a/b", "1", "1/2/3", "auto/0", "")) {
            assertThatThrownBy(() -> Shard.parse(bad, Map.of())).as(bad).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("--shard: ");
        }
    }

    @Test
    void shardsTakeEveryPositionExactlyOnceRoundRobin() {
        List<Long> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Shard s = new Shard(i, 3);
            LongStream.range(0, 10).filter(s::takes).forEach(taken::add);
        }
        assertThat(taken).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(LongStream.range(0, 10).filter(new Shard(1, 3)::takes).toArray()).containsExactly(1, 4, 7);
        assertThat(MergeJob.pointsOf(10, new Shard(1, 3))).isEqualTo(3);
        assertThat(MergeJob.pointsOf(10, new Shard(0, 3))).isEqualTo(4);
        assertThat(MergeJob.pointsOf(1, new Shard(2, 3))).isZero();
    }

    @Test
    void autoTakesIndexAndCountFromASlurmJobArrayWithItsMinimumAndStep() {
        assertThat(Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4"))).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_COUNT", "4",
                "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "2"))).isEqualTo(new Shard(3, 4));
        assertThat(Shard.parse("auto/4", Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "4"))).isEqualTo(new Shard(0, 4));
        assertThatThrownBy(() -> Shard.parse("auto/3", Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "4")))
                .hasMessageContaining("the job array has 4 tasks");
        assertThatThrownBy(() -> Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_COUNT", "4")))
                .hasMessageStartingWith("SLURM_ARRAY_TASK_ID: 4: is not one of the 4 task ids");
    }

    @Test
    void autoTakesTheIndexOfAKubernetesIndexedJobAndNeedsItsCount() {
        assertThat(Shard.parse("auto/5", Map.of("JOB_COMPLETION_INDEX", "3"))).isEqualTo(new Shard(3, 5));
        assertThatThrownBy(() -> Shard.parse("auto", Map.of("JOB_COMPLETION_INDEX", "3")))
                .hasMessageContaining("--shard auto/N");
        assertThatThrownBy(() -> Shard.parse("auto/3", Map.of("JOB_COMPLETION_INDEX", "3")))
                .hasMessageStartingWith("JOB_COMPLETION_INDEX: 3: must be less than the 3 shards");
        assertThatThrownBy(() -> Shard.parse("auto", Map.of())).hasMessageContaining("neither is set");
    }
}
