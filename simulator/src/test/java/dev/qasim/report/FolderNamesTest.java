package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FolderNamesTest {

    @Test
    void shippedNamesAreKeptAsTheyAre() {
        assertThat(FolderNames.of("resnet18", "tpu-like-int8")).isEqualTo("resnet18-tpu-like-int8");
        assertThat(FolderNames.of("validate", "mlp-784-512-512-10-mnist", "tr-fpga-64x128"))
                .isEqualTo("validate-mlp-784-512-512-10-mnist-tr-fpga-64x128");
    }

    @Test
    void aNameCannotLeaveTheReportsFolderOrNestFolders() {
        Path reports = Path.of("/work/reports");
        for (String hostile : new String[] {"../../../../tmp/escaped", "/abs", "a/b", "..", ".hidden", "c:\\x", "<b>x</b>", ""}) {
            String name = FolderNames.of(hostile, "arch");
            Path dir = reports.resolve(name).normalize();
            assertThat(dir.getParent()).as(hostile).isEqualTo(reports);
            assertThat(name).as(hostile).doesNotStartWith(".").doesNotContain("/", "\\", " ");
        }
        assertThat(FolderNames.of("../../tmp/x", "a b")).isEqualTo("_._.._tmp_x-a_b");
        assertThat(FolderNames.of("x".repeat(500))).hasSize(FolderNames.MAX_LENGTH);
    }
}
