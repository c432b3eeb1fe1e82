package dev.qasim.rtl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The external tools the RTL tests run: Verilator (with a C++ compiler) and Yosys. Where one is missing the
 * calling test is skipped with the reason, except under CI=true, where it fails (.ci/run installs them).
 */
public final class Tools {
    private Tools() {}

    /** The executable of {@code name} on the PATH. */
    public static Path require(String name, String debianPackage) {
        Path found = onPath(name);
        if (found == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + name + " is not on the PATH (.ci/run installs Debian's " + debianPackage + ")");
        }
        assumeTrue(found != null, "skipped: no " + name + " on this machine (Debian package " + debianPackage + "; .ci/run installs it)");
        return found;
    }

    public static Path verilator() {
        require("g++", "g++");
        require("make", "make");
        return require("verilator", "verilator");
    }

    public static Path yosys() {
        return require("yosys", "yosys");
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
